package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.app.TuningProfile;
import dev.registrystreams.topology.TopicNames;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/** --profile: its settings reach Kafka Streams, and the user's own properties win over them. */
class TuningProfileOptionTest {

  @ParameterizedTest
  @EnumSource(TuningProfile.class)
  void everySettingOfTheProfileReachesKafkaStreams(TuningProfile profile) {
    Properties streams = streamsProperties(Map.of(), "--profile", profile.name());

    profile.properties().forEach((key, value) -> assertThat(streams).containsEntry(key, value));
  }

  @Test
  void theUsersOwnPropertyWinsOverTheProfile() {
    Properties streams =
        streamsProperties(Map.of("commit.interval.ms", "250"), "--profile", "throughput");

    assertThat(streams)
        .containsEntry("commit.interval.ms", "250")
        .containsEntry("producer.linger.ms", "20");
  }

  @Test
  void theBalancedDefaultLeavesKafkaStreamsDefaults() {
    Properties streams = streamsProperties(Map.of());

    assertThat(TuningProfile.balanced.properties()).isEmpty();
    assertThat(streams).doesNotContainKeys("commit.interval.ms", "producer.linger.ms");
  }

  private static Properties streamsProperties(Map<String, String> kafka, String... args) {
    StreamsOptions options = new StreamsOptions();
    new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return options.appConfig("x:9092", "app", TopicNames.defaults(), kafka).streamsProperties();
  }
}
