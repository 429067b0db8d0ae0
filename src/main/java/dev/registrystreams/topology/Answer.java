package dev.registrystreams.topology;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.RegistryEntry;

/** The resolution of one request: its entry, and the change event when the entry changed. */
record Answer(RegistryEntry entry, ConfigChange change) {

  boolean changed() {
    return change != null;
  }
}
