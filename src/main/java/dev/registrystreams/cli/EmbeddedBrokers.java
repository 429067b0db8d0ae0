package dev.registrystreams.cli;

import dev.registrystreams.embedded.EmbeddedKafkaBroker;
import java.util.Map;

/** Starts the in-process broker, turning a failure to start into a one-line user error. */
final class EmbeddedBrokers {

  private EmbeddedBrokers() {}

  static EmbeddedKafkaBroker start(int port) {
    return start(port, Map.of());
  }

  /**
   * @param brokerProperties server properties that replace the in-process broker's defaults
   */
  static EmbeddedKafkaBroker start(int port, Map<String, String> brokerProperties) {
    try {
      return EmbeddedKafkaBroker.builder().port(port).brokerProperties(brokerProperties).start();
    } catch (RuntimeException e) {
      throw new UserException("cannot start the embedded broker: " + e.getMessage());
    }
  }
}
