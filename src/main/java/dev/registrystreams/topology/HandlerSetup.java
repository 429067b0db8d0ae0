package dev.registrystreams.topology;

import java.util.Map;

/**
 * What both dead-letter handlers build from the Streams configuration when Kafka Streams configures
 * them: how they write a letter, the remembered production refusals, and their counters.
 */
record HandlerSetup(HandlerLetters letters, ProductionFailures failures, HandlerCounts counts) {

  static HandlerSetup from(Map<String, ?> configs) {
    return new HandlerSetup(
        HandlerLetters.configure(configs),
        ProductionFailures.from(configs),
        HandlerCounts.from(configs));
  }
}
