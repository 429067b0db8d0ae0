package dev.registrystreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void valuesKafkaAcceptsPass() {
    assertThatCode(() -> AppConfig.checkKafkaConfig(KAFKA_CONFIG)).doesNotThrowAnyException();
    assertThatCode(
            () ->
                AppConfig.checkKafkaConfig(
                    Map.of(
                        "acks", "all",
                        "linger.ms", " 5 ",
                        "processing.guarantee", "at_least_once",
                        "admin.retries", "3",
                        "global.consumer.max.poll.records", "10",
                        "restore.consumer.fetch.max.bytes", "1048576")))
        .doesNotThrowAnyException();
  }

  @Test
  void aValueKafkaWouldRefuseIsRefusedNamingTheKeyAndWhy() {
    assertThatThrownBy(() -> AppConfig.checkKafkaConfig(Map.of("acks", "banana")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "acks: Invalid value banana for configuration acks: String must be one of: all, -1, 0,"
                + " 1");
    assertThatThrownBy(() -> AppConfig.checkKafkaConfig(Map.of("commit.interval.ms", "soon")))
        .hasMessage(
            "commit.interval.ms: Invalid value soon for configuration commit.interval.ms: Not a"
                + " number of type LONG");
    assertThatThrownBy(
            () -> AppConfig.checkKafkaConfig(Map.of("processing.guarantee", "exactly_once")))
        .hasMessageStartingWith(
            "processing.guarantee: Invalid value exactly_once for configuration"
                + " processing.guarantee: String must be one of: ");
  }

  @Test
  void aPrefixedKeyIsCheckedAgainstTheClientItIsFor() {
    assertThatThrownBy(() -> AppConfig.checkKafkaConfig(Map.of("producer.linger.ms", "-1")))
        .hasMessage(
            "producer.linger.ms: Invalid value -1 for configuration linger.ms: Value must be at"
                + " least 0");
    assertThatThrownBy(
            () -> AppConfig.checkKafkaConfig(Map.of("main.consumer.isolation.level", "dirty")))
        .hasMessageStartingWith(
            "main.consumer.isolation.level: Invalid value dirty for configuration isolation.level");
    assertThatThrownBy(() -> AppConfig.checkKafkaConfig(Map.of("admin.retries", "many")))
        .hasMessage(
            "admin.retries: Invalid value many for configuration retries: Not a number of type INT");
  }

  @Test
  void aClassThatIsNotThereIsRefused() {
    assertThatThrownBy(
            () ->
                AppConfig.checkKafkaConfig(Map.of("default.key.serde", "com.example.NoSuchSerde")))
        .hasMessageStartingWith("default.key.serde: ")
        .hasMessageContaining("com.example.NoSuchSerde");
  }

  @Test
  void unknownKeysTopicSettingsAndConfigProviderVariablesAreLeftToKafka() {
    assertThatCode(
            () ->
                AppConfig.checkKafkaConfig(
                    Map.of(
                        "my.interceptor.setting", "anything",
                        "topic.cleanup.policy", "anything",
                        "producer.no.such.setting", "x",
                        "config.providers", "file",
                        "linger.ms", "${file:/etc/kafka/app.properties:linger}")))
        .doesNotThrowAnyException();
  }

  @Test
  void anApplicationIdIsWhatKafkaAllowsInATopicNameAndShortEnoughForItsInternalTopics() {
    assertThat(ApplicationIds.MAX_LENGTH)
        .isEqualTo(249 - "-requests-by-dedup-key-repartition".length())
        .isEqualTo(215);
    assertThat(ApplicationIds.problem("registry-streams_2.prod")).isNull();
    assertThat(ApplicationIds.problem("a".repeat(215))).isNull();
    assertThat(ApplicationIds.problem("a".repeat(216)))
        .isEqualTo(
            "is 216 characters long; at most 215 fit in the name of its internal topic"
                + " <id>-requests-by-dedup-key-repartition (Kafka allows 249 characters)");
    assertThat(ApplicationIds.problem("a b"))
        .isEqualTo("'a b' may only contain letters, digits, '.', '_' and '-'");
    assertThat(ApplicationIds.problem("app:1"))
        .isEqualTo("'app:1' may only contain letters, digits, '.', '_' and '-'");
    assertThat(ApplicationIds.problem("")).isEqualTo("must not be empty");
    assertThat(ApplicationIds.problem("..")).isEqualTo("may not be '..'");
  }

  @Test
  void anApplicationIdGivenAsAKafkaPropertyIsCheckedTheSameWay() {
    assertThatThrownBy(() -> AppConfig.checkKafkaConfig(Map.of("application.id", "a/b")))
        .hasMessage("application.id 'a/b' may only contain letters, digits, '.', '_' and '-'");
  }

  @Test
  void taskIdlingIsOffUnlessTheUserSetsIt() {
    assertThat(config().streamsProperties())
        .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
    assertThat(config(Map.of("max.task.idle.ms", "0")).streamsProperties())
        .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
  }

  private static AppConfig config() {
    return config(KAFKA_CONFIG);
  }

  private static AppConfig config(Map<String, String> kafkaConfig) {
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
        kafkaConfig);
  }
}
