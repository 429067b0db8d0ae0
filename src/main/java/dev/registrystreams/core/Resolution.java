package dev.registrystreams.core;

import dev.registrystreams.core.diff.PathChange;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of resolving one request against the prior entry of its key.
 *
 * <p>{@code previous} is the prior entry when the outcome is UPDATED and null otherwise; {@code
 * changes} is empty when the outcome is UNCHANGED.
 */
public record Resolution(
    Outcome outcome, Entry entry, @Nullable Entry previous, List<PathChange> changes) {

  public Resolution {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(entry, "entry");
    changes = List.copyOf(changes);
  }
}
