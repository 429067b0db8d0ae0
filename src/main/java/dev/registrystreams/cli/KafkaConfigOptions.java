package dev.registrystreams.cli;

import dev.registrystreams.app.AppConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config} and {@code --kafka-config-file}: Kafka client and Streams properties, each
 * also as an environment variable. Part of {@link KafkaOptions}; {@code bench}, which makes its own
 * topics, takes these alone.
 */
public final class KafkaConfigOptions {

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
  @Nullable Path kafkaConfigFile;

  /**
   * The file's properties overlaid with the --kafka-config ones.
   *
   * @throws UserException a usage error (exit 2) when a value is not one Kafka accepts for its key
   *     ({@link AppConfig#checkKafkaConfig}): found here, before anything connects
   */
  Map<String, String> kafkaProperties() {
    Map<String, String> merged = new LinkedHashMap<>();
    if (kafkaConfigFile != null) {
      Properties file = new Properties();
      try {
        file.load(new StringReader(InputFiles.read(kafkaConfigFile, "--kafka-config-file")));
      } catch (IOException | IllegalArgumentException e) {
        // A malformed backslash-u escape in the file; a StringReader itself does not fail.
        throw new UserException(
            "--kafka-config-file " + kafkaConfigFile + ": " + e.getMessage(),
            RegistryStreamsCli.USAGE);
      }
      file.stringPropertyNames().forEach(name -> merged.put(name, file.getProperty(name)));
    }
    merged.putAll(kafkaConfig);
    try {
      AppConfig.checkKafkaConfig(merged);
    } catch (IllegalArgumentException e) {
      throw new UserException("--kafka-config " + e.getMessage(), RegistryStreamsCli.USAGE);
    }
    return merged;
  }
}
