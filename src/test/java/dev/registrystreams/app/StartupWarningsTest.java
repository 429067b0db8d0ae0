package dev.registrystreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.LogCapture;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.store.DurableTier;
import dev.registrystreams.store.HotTierSettings;
import dev.registrystreams.topology.RegistryTopology;
import dev.registrystreams.topology.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Kafka Streams logs while an instance is created from the application's properties, before it
 * reaches a broker: its stream threads, their clients and the partition assignor each read the
 * configuration, and none of them may warn about something the application could have set.
 */
class StartupWarningsTest {

  private static final String GLOBAL_THREAD_WARNING =
      "Processing exception handler is not enabled for the GlobalThread";
  private static final String GLOBAL_ENABLED =
      "processing.exception.handler.global.enabled"; // deprecated constant, spelled out

  @TempDir Path stateDir;

  @RegisterExtension final LogCapture logged = LogCapture.root();

  @Test
  void creatingTheStreamsInstanceLogsNoGlobalThreadWarning() {
    create(config().streamsProperties());

    assertThat(lines()).noneMatch(line -> line.contains(GLOBAL_THREAD_WARNING));
    // Nor does any client reject the copy of the setting the main consumers are given.
    assertThat(lines()).noneMatch(line -> line.contains(GLOBAL_ENABLED));
  }

  @Test
  void withoutTheSettingKafkaStreamsWarnsOnceForItselfAndOncePerStreamThread() {
    // Shows that the test above would see the warning: Kafka Streams' own default.
    Properties properties = config().streamsProperties();
    properties.keySet().removeIf(key -> key.toString().endsWith(GLOBAL_ENABLED));

    create(properties);

    assertThat(lines().stream().filter(line -> line.contains(GLOBAL_THREAD_WARNING)))
        .hasSize(1 + AppConfig.DEFAULT_STREAM_THREADS);
  }

  private void create(Properties properties) {
    Topology topology =
        new RegistryTopology(
                config().topics(),
                config().schema(),
                config().hotTier(),
                config().emitUnchanged(),
                DurableTier.rocksDb())
            .build();
    try (KafkaStreams streams = new KafkaStreams(topology, properties)) {
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.CREATED);
      streams.close(Duration.ZERO);
    }
  }

  private List<String> lines() {
    return logged.messages();
  }

  private AppConfig config() {
    return new AppConfig(
        // Nothing listens here: creating the instance must not need a broker.
        "127.0.0.1:1",
        "startup-warnings",
        new TopicNames("requests", "entries", "config-changes", "rejected"),
        RegistrySchema.defaults(),
        AppConfig.DEFAULT_STREAM_THREADS,
        StreamsConfig.EXACTLY_ONCE_V2,
        stateDir,
        HotTierSettings.defaults(),
        false,
        AppConfig.TopicLayout.defaults(),
        Map.of());
  }
}
