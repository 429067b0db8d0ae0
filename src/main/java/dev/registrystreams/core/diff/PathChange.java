package dev.registrystreams.core.diff;

import java.util.Objects;

/**
 * One leaf that changed between two configs; values are in YAML flow style and null when absent.
 */
public record PathChange(String path, ChangeOp op, String oldValue, String newValue) {

  public PathChange {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(op, "op");
  }
}
