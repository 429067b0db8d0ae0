package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.registrystreams.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory of demo and bench: in the OS temporary directory, said once in the
 * application's words, and without Kafka Streams' warning about such directories.
 */
class TempStateDirTest {

  @TempDir Path tmp;

  @RegisterExtension final LogCapture logged = LogCapture.root();

  @Test
  void kafkaStreamsDoesNotWarnAboutTheDirectoryAndTheApplicationSaysWhereItIs() throws IOException {
    Path dir;
    try (TempStateDir state = TempStateDir.create("demo")) {
      dir = state.path();
      assertThat(dir.getParent())
          .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
      assertThat(dir.getFileName().toString()).startsWith("registry-streams-demo-");
      assertThat(state.notice())
          .isEqualTo(
              "Kafka Streams state: " + dir + " (a temporary directory, removed when demo ends)");

      create(dir, "temp-state-a");

      assertThat(Files.isDirectory(dir.resolve("temp-state-a"))).isTrue();
      assertThat(kafkaWarnings()).isEmpty();
      state.removeApplication("temp-state-a");
      assertThat(dir.resolve("temp-state-a")).doesNotExist();
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void anyOtherDirectoryInTheTemporaryDirectoryStillGetsKafkasWarning() throws IOException {
    // Shows that the test above would see the warning, and that closing puts it back.
    try (TempStateDir state = TempStateDir.create("bench")) {
      create(tmp, "temp-state-b");
      assertThat(kafkaWarnings()).singleElement().asString().contains(tmp.toString());
    }
    create(tmp, "temp-state-c");
    assertThat(kafkaWarnings()).hasSize(2);
  }

  private List<String> kafkaWarnings() {
    return logged.events().stream()
        .filter(e -> e.getLoggerName().equals(TempStateDir.KAFKA_LOGGER))
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.startsWith(TempStateDir.KAFKA_WARNING))
        .toList();
  }

  /** Creates (and closes) an instance with a persistent store: that makes its state directory. */
  private static void create(Path stateDir, String applicationId) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.table(
        "in",
        Consumed.with(Serdes.String(), Serdes.String()),
        Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("store"));
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    // Nothing listens here: creating the instance must not need a broker.
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    try (KafkaStreams streams = new KafkaStreams(builder.build(), properties)) {
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.CREATED);
      streams.close(Duration.ZERO);
    }
  }
}
