package dev.registrystreams.app;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Coherent sets of Kafka Streams and client settings, chosen from measurements (see
 * docs/BENCHMARKS.md). Any property the user sets explicitly wins over its profile.
 */
public enum TuningProfile {

  /** Kafka Streams' own defaults: commits every 100 ms under exactly-once. */
  balanced(Map.of()),

  /**
   * Fewer, larger transactions and batches: more requests per second, answers later (up to the
   * commit interval under exactly-once).
   */
  throughput(
      Map.of(
          StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
          "1000",
          StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
          "20",
          StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG),
          "262144",
          StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG),
          "lz4",
          StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG),
          "2000")),

  /**
   * Short commits and no batching delay: exactly-once answers become visible to read_committed
   * consumers within a few tens of milliseconds.
   */
  latency(
      Map.of(
          StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
          "10",
          StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
          "1",
          StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
          "10"));

  // Built from Map.of, which cannot be changed.
  @SuppressWarnings("ImmutableEnumChecker")
  private final Map<String, String> properties;

  TuningProfile(Map<String, String> properties) {
    this.properties = properties;
  }

  /** The Streams properties of this profile, before the user's own. */
  public Map<String, String> properties() {
    return properties;
  }
}
