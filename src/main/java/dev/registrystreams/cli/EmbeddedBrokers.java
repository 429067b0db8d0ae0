package dev.registrystreams.cli;

import dev.registrystreams.embedded.EmbeddedKafkaBroker;

/** Starts the in-process broker, turning a failure to start into a one-line user error. */
final class EmbeddedBrokers {

  private EmbeddedBrokers() {}

  static EmbeddedKafkaBroker start(int port) {
    try {
      return EmbeddedKafkaBroker.start(port);
    } catch (RuntimeException e) {
      throw new UserException("cannot start the embedded broker: " + e.getMessage());
    }
  }
}
