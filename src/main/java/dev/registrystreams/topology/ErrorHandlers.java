package dev.registrystreams.topology;

import dev.registrystreams.core.RegistrySchema;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams exception handlers that turn a record's processing or production error into a
 * dead letter, and the configuration that installs them.
 */
public final class ErrorHandlers {

  /** Streams property naming the dead-letter topic. */
  public static final String REJECTED_TOPIC_CONFIG = "registry.rejected.topic";

  /** Streams property carrying the {@link RegistrySchema} object, for masking secrets. */
  public static final String SCHEMA_CONFIG = "registry.schema";

  private ErrorHandlers() {}

  /**
   * The Streams properties that install both handlers for {@code topics} and {@code schema}, with
   * the {@link HandlerCounts} they count their dead letters in: a new one for each call, so give
   * each Kafka Streams instance properties of its own.
   */
  // The global-enabled setting is deprecated because Kafka 5.0 makes it the only behaviour; set
  // until then so that the GlobalThread warnings are not printed.
  @SuppressWarnings("deprecation")
  public static Map<String, Object> streamsConfig(TopicNames topics, RegistrySchema schema) {
    return Map.of(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterOnProcessingError.class.getName(),
        // There is no global state, but this is how Kafka 5.0 will behave; say so now.
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG,
        true,
        // Each stream thread's partition assignor reads a StreamsConfig made from its main
        // consumer's configs, which carry only consumer settings and main.consumer.-prefixed ones:
        // without this copy it warns once per thread that the setting above is off.
        StreamsConfig.mainConsumerPrefix(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
        true,
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterOnProductionError.class.getName(),
        REJECTED_TOPIC_CONFIG,
        topics.rejected(),
        SCHEMA_CONFIG,
        schema,
        HandlerCounts.CONFIG,
        new HandlerCounts());
  }
}
