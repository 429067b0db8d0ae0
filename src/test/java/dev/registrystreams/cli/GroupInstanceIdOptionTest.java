package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.registrystreams.topology.TopicNames;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** --group-instance-id: static membership for an instance with a stable name. */
class GroupInstanceIdOptionTest {

  @Test
  void itBecomesTheGroupInstanceIdOfKafkaStreams() {
    assertThat(streamsProperties(Map.of(), "--group-instance-id", "registry-streams-0"))
        .containsEntry("group.instance.id", "registry-streams-0");
  }

  @Test
  void withoutItMembershipIsDynamic() {
    assertThat(streamsProperties(Map.of())).doesNotContainKey("group.instance.id");
  }

  @Test
  void kafkaConfigWinsOverIt() {
    assertThat(
            streamsProperties(
                Map.of("group.instance.id", "from-kafka-config"), "--group-instance-id", "pod-1"))
        .containsEntry("group.instance.id", "from-kafka-config");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "pod 0", "pod/0", "pöd"})
  void anIdKafkaWouldRefuseIsAUsageError(String id) {
    assertThatThrownBy(() -> streamsProperties(Map.of(), "--group-instance-id", id))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(
            "--group-instance-id must be 1 to 200 of the characters a-z, A-Z, 0-9, '.', '_' and"
                + " '-', not ");
  }

  private static Properties streamsProperties(Map<String, String> kafka, String... args) {
    StreamsOptions options = new StreamsOptions();
    new CommandLine(options).parseArgs(args);
    return options.appConfig("x:9092", "app", TopicNames.defaults(), kafka).streamsProperties();
  }
}
