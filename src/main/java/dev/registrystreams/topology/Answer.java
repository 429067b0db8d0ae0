package dev.registrystreams.topology;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.core.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * The resolution of one request: its entry (an encoded {@code RegistryEntry}), its outcome (for
 * counting, without decoding the entry again), and the change event when the entry changed.
 */
record Answer(byte[] entry, Outcome outcome, @Nullable ConfigChange change) {

  boolean changed() {
    return change != null;
  }
}
