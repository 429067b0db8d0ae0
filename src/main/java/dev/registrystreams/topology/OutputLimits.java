package dev.registrystreams.topology;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The largest record the application can write to each of its output topics: the producer's {@code
 * max.request.size}, or less where a topic's {@code max.message.bytes} says so. A processor that
 * would forward a larger record dead-letters its request instead, so that no record can make the
 * producer fail and stop the application.
 */
public final class OutputLimits {

  /** Streams property carrying the per-topic limits (a {@code Map<String, Integer>}). */
  public static final String TOPIC_LIMITS_CONFIG = "registry.output.topic.limits";

  /**
   * What a record costs beyond its key and value: the record batch header (61 bytes) and the
   * record's own length, attributes, timestamp and offset deltas and key, value and header-count
   * varints (at most 31 bytes together), rounded up.
   */
  static final int RECORD_OVERHEAD = 128;

  private static final int DEFAULT_MAX_REQUEST_SIZE =
      (Integer)
          Objects.requireNonNull(
              ProducerConfig.configDef()
                  .defaultValues()
                  .get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));

  private final int maxRequestSize;
  private final Map<String, Integer> topicLimits;

  OutputLimits(int maxRequestSize, Map<String, Integer> topicLimits) {
    this.maxRequestSize = maxRequestSize;
    this.topicLimits = Map.copyOf(topicLimits);
  }

  /** The limits in a Kafka Streams configuration, as processors and handlers receive it. */
  @SuppressWarnings("unchecked")
  static OutputLimits from(Map<String, ?> configs) {
    Object size =
        configs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)) != null
            ? configs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG))
            : configs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    int maxRequestSize =
        size == null
            ? DEFAULT_MAX_REQUEST_SIZE
            : (Integer)
                ConfigDef.parseType(
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, size, ConfigDef.Type.INT);
    Object topics = configs.get(TOPIC_LIMITS_CONFIG);
    return new OutputLimits(
        maxRequestSize, topics instanceof Map<?, ?> map ? (Map<String, Integer>) map : Map.of());
  }

  /** The largest record, key and value together with their overhead, that {@code topic} takes. */
  int maxRecordBytes(String topic) {
    Integer topicLimit = topicLimits.get(topic);
    return topicLimit == null ? maxRequestSize : Math.min(maxRequestSize, topicLimit);
  }

  /** Whether a record with a key and a value of these lengths can be written to {@code topic}. */
  boolean fits(String topic, int keyLength, int valueLength) {
    return (long) keyLength + valueLength + RECORD_OVERHEAD <= maxRecordBytes(topic);
  }

  /** Why a record {@code subject} ("the entry would be 1234 bytes") cannot go to {@code topic}. */
  String tooLarge(String subject, String topic) {
    return subject
        + ", more than the "
        + maxRecordBytes(topic)
        + " bytes a record to "
        + topic
        + " may have (max.request.size, max.message.bytes)";
  }

  /** How many value bytes a record to {@code topic} with a key of {@code keyLength} may carry. */
  int valueRoom(String topic, int keyLength) {
    return maxRecordBytes(topic) - RECORD_OVERHEAD - keyLength;
  }
}
