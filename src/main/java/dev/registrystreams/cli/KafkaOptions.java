package dev.registrystreams.cli;

import dev.registrystreams.topology.TopicNames;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
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
  String bootstrapServers;

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

  @Option(
      names = "--kafka-config",
      paramLabel = "KEY=VALUE",
      split = ",",
      defaultValue = "${env:REGISTRY_STREAMS_KAFKA_CONFIG}",
      description =
          "Any Kafka client or Kafka Streams property; repeatable. Env: REGISTRY_STREAMS_KAFKA_CONFIG"
              + " (comma-separated; put values that contain commas in --kafka-config-file).")
  Map<String, String> kafkaConfig = new LinkedHashMap<>();

  @Option(
      names = "--kafka-config-file",
      paramLabel = "FILE",
      defaultValue = "${env:REGISTRY_STREAMS_KAFKA_CONFIG_FILE}",
      description =
          "A .properties file of Kafka properties (security settings, say); --kafka-config wins."
              + " Env: REGISTRY_STREAMS_KAFKA_CONFIG_FILE.")
  Path kafkaConfigFile;

  TopicNames topics() {
    try {
      return new TopicNames(requestsTopic, entriesTopic, configChangesTopic, rejectedTopic);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  /** The file's properties overlaid with the --kafka-config ones. */
  Map<String, String> kafkaProperties() {
    Map<String, String> merged = new LinkedHashMap<>();
    if (kafkaConfigFile != null) {
      Properties file = new Properties();
      try (Reader reader = Files.newBufferedReader(kafkaConfigFile)) {
        file.load(reader);
      } catch (IOException e) {
        throw new UserException("cannot read --kafka-config-file " + kafkaConfigFile + ": " + e);
      }
      file.stringPropertyNames().forEach(name -> merged.put(name, file.getProperty(name)));
    }
    merged.putAll(kafkaConfig);
    return merged;
  }
}
