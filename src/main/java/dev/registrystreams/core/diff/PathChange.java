package dev.registrystreams.core.diff;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One leaf that changed between two configs; values are in YAML flow style and null when absent.
 */
public record PathChange(
    String path, ChangeOp op, @Nullable String oldValue, @Nullable String newValue) {

  public PathChange {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(op, "op");
  }
}
