package dev.registrystreams.topology;

import dev.registrystreams.avro.ConfigChange;

/**
 * The resolution of one request: its entry (an encoded {@code RegistryEntry}), and the change event
 * when the entry changed.
 */
record Answer(byte[] entry, ConfigChange change) {

  boolean changed() {
    return change != null;
  }
}
