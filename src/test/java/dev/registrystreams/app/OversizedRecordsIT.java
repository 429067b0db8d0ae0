package dev.registrystreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.store.HotTierSettings;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.ContextValues;
import dev.registrystreams.topology.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records that cannot be written where they belong end as dead letters; nothing stops. */
class OversizedRecordsIT {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  @TempDir Path tmp;

  @Test
  void anAnswerTheBrokerRefusesBecomesADeadLetterAndTheNextRequestIsAnswered() throws Exception {
    AppConfig config = config("broker-refuses", StreamsConfig.EXACTLY_ONCE_V2);
    try (Admin admin = SharedKafkaBroker.admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(config.topics().entries(), 2, (short) 1)
                      .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4000"))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60));
        RequestSender sender =
            new RequestSender(config.clientProperties(), config.topics().requests())) {
      sender.send(null, request("big", "A large answer", Map.of("notes", "x".repeat(6000))));
      sender.send(null, request("small", "A small answer", Map.of("env", "prod")));
      try (AnswerCollector collector =
          new AnswerCollector(config.clientProperties(), config.topics())) {
        Answers answers = collector.collect(Set.of("big", "small"), 0, Duration.ofSeconds(60));
        assertThat(answers.entries().keySet()).containsExactly("small");
        DeadLetter letter = answers.deadLetters().get("big");
        assertThat(letter).isNotNull();
        System.out.println("letter: " + letter.getReason() + " " + letter.getMessage());
      }
      assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();
    }
  }

  private static byte[] request(String id, String title, Map<String, Object> context) {
    return REQUESTS.encode(
        GenerationRequest.newBuilder()
            .setRequestId(id)
            .setTitle(title)
            .setScope("GOV")
            .setType("RULES")
            .setContext(ContextValues.toAvro(context))
            .build());
  }

  private AppConfig config(String name, String guarantee) {
    String unique = SharedKafkaBroker.uniqueTopic("oversized-" + name);
    TopicNames topics =
        new TopicNames(
            unique + ".requests",
            unique + ".entries",
            unique + ".config-changes",
            unique + ".rejected");
    return new AppConfig(
        SharedKafkaBroker.bootstrapServers(),
        unique,
        topics,
        RegistrySchema.defaults(),
        1,
        guarantee,
        tmp.resolve("state-" + name),
        HotTierSettings.defaults(),
        true,
        new AppConfig.TopicLayout(2, (short) 1),
        Map.of());
  }
}
