package dev.registrystreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.store.HotTierSettings;
import dev.registrystreams.topology.TopicNames;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class AppConfigTest {

  /**
   * A profile's settings and the user's own, as {@code --profile} and --kafka-config merge them.
   */
  private static final Map<String, String> KAFKA_CONFIG =
      Map.of(
          "commit.interval.ms", "1000",
          "producer.linger.ms", "20",
          "consumer.max.poll.records", "2000",
          "main.consumer.fetch.max.wait.ms", "10",
          "topic.min.insync.replicas", "2",
          "security.protocol", "SASL_SSL",
          "sasl.mechanism", "PLAIN",
          "retry.backoff.ms", "250",
          "client.dns.lookup", "use_all_dns_ips",
          "my.interceptor.setting", "kept for plugins");

  @Test
  void plainClientsGetEverySettingButThoseOnlyKafkaStreamsReads() {
    Properties client = config().clientProperties();

    assertThat(new TreeMap<>(client))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "bootstrap.servers", "127.0.0.1:9092",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "retry.backoff.ms", "250",
                "client.dns.lookup", "use_all_dns_ips",
                "my.interceptor.setting", "kept for plugins"));
  }

  @Test
  void kafkaStreamsGetsEverySetting() {
    Properties streams = config().streamsProperties();

    assertThat(streams).containsAllEntriesOf(KAFKA_CONFIG);
    assertThat(streams)
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "app");
  }

  private static AppConfig config() {
    return new AppConfig(
        "127.0.0.1:9092",
        "app",
        new TopicNames("requests", "entries", "config-changes", "rejected"),
        RegistrySchema.defaults(),
        2,
        StreamsConfig.EXACTLY_ONCE_V2,
        Path.of("state"),
        HotTierSettings.defaults(),
        true,
        AppConfig.TopicLayout.defaults(),
        KAFKA_CONFIG);
  }
}
