package dev.registrystreams.cli;

import dev.registrystreams.app.ApplicationIds;
import dev.registrystreams.topology.TopicNames;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where Kafka is and what the application's topics are called, under Kafka's own option names.
 * Every option can also be given as an environment variable.
 */
public final class KafkaOptions {

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,HOST:PORT...]",
      defaultValue = "${env:REGISTRY_STREAMS_BOOTSTRAP_SERVERS}",
      description = "Kafka brokers to connect to. Env: REGISTRY_STREAMS_BOOTSTRAP_SERVERS.")
  @Nullable String bootstrapServers;

  @Option(
      names = "--application-id",
      paramLabel = "ID",
      defaultValue = "${env:REGISTRY_STREAMS_APPLICATION_ID:-registry-streams}",
      description =
          "Kafka Streams application.id: names the consumer group, internal topics and state."
              + " Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_APPLICATION_ID.")
  String applicationId;

  @Option(
      names = "--requests-topic",
      paramLabel = "TOPIC",
      defaultValue = "${env:REGISTRY_STREAMS_REQUESTS_TOPIC:-" + TopicNames.DEFAULT_REQUESTS + "}",
      description = "Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_REQUESTS_TOPIC.")
  String requestsTopic;

  @Option(
      names = "--entries-topic",
      paramLabel = "TOPIC",
      defaultValue = "${env:REGISTRY_STREAMS_ENTRIES_TOPIC:-" + TopicNames.DEFAULT_ENTRIES + "}",
      description = "Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_ENTRIES_TOPIC.")
  String entriesTopic;

  @Option(
      names = "--config-changes-topic",
      paramLabel = "TOPIC",
      defaultValue =
          "${env:REGISTRY_STREAMS_CONFIG_CHANGES_TOPIC:-" + TopicNames.DEFAULT_CONFIG_CHANGES + "}",
      description = "Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_CONFIG_CHANGES_TOPIC.")
  String configChangesTopic;

  @Option(
      names = "--rejected-topic",
      paramLabel = "TOPIC",
      defaultValue = "${env:REGISTRY_STREAMS_REJECTED_TOPIC:-" + TopicNames.DEFAULT_REJECTED + "}",
      description =
          "Dead-letter topic. Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_REJECTED_TOPIC.")
  String rejectedTopic;

  @Mixin KafkaConfigOptions config;

  /**
   * The --application-id.
   *
   * @throws UserException a usage error (exit 2) for an id that cannot name the application's
   *     consumer group and internal topics ({@link ApplicationIds}), found before anything connects
   */
  String applicationId() {
    String problem = ApplicationIds.problem(applicationId);
    if (problem != null) {
      throw new UserException("--application-id " + problem, RegistryStreamsCli.USAGE);
    }
    return applicationId;
  }

  TopicNames topics() {
    try {
      return new TopicNames(requestsTopic, entriesTopic, configChangesTopic, rejectedTopic);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  /** The file's properties overlaid with the --kafka-config ones. */
  Map<String, String> kafkaProperties() {
    return config.kafkaProperties();
  }
}
