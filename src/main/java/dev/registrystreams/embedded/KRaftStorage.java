package dev.registrystreams.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Formats a log directory for a new single-node cluster, exactly as {@code kafka-storage format}.
 */
final class KRaftStorage {

  /** Written by formatting; its presence means the directory already belongs to a cluster. */
  private static final String META_PROPERTIES = "meta.properties";

  private KRaftStorage() {}

  static boolean isFormatted(Path logDir) {
    return Files.exists(logDir.resolve(META_PROPERTIES));
  }

  /**
   * Runs the storage tool's format command with a fresh cluster id. The tool is driven through its
   * command line because its Java API ({@code Formatter}) lives in a Kafka module that is only a
   * runtime dependency of {@code kafka_2.13}.
   */
  static void format(Map<String, String> serverProperties) throws IOException {
    Path config = Files.createTempFile("registry-streams-kafka-", ".properties");
    try {
      Properties props = new Properties();
      props.putAll(serverProperties);
      try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
        props.store(out, "embedded broker, used once to format storage");
      }
      // The tool reports on the given stream; collect it for the error message instead of
      // writing to System.out, which is the CLI's output channel.
      ByteArrayOutputStream report = new ByteArrayOutputStream();
      String[] args = {
        "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString()
      };
      int exitCode;
      try (PrintStream stream = new PrintStream(report, true, StandardCharsets.UTF_8)) {
        exitCode = StorageTool.execute(args, stream);
      }
      if (exitCode != 0) {
        throw new IOException(
            "kafka-storage format failed ("
                + exitCode
                + "): "
                + report.toString(StandardCharsets.UTF_8).strip());
      }
    } finally {
      Files.deleteIfExists(config);
    }
  }
}
