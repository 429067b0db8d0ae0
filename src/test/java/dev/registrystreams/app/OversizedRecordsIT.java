package dev.registrystreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.core.ContentHash;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.embedded.TopicReader;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.ContextValues;
import dev.registrystreams.topology.RegistryTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        assertThat(letter.getReason()).isEqualTo("ANSWER_TOO_LARGE");
        assertThat(letter.getMessage())
            .matches(
                "the entry would be \\d+ bytes, more than the 4000 bytes a record to "
                    + config.topics().entries().replace(".", "\\.")
                    + " may have \\(max.request.size, max.message.bytes\\)");
      }
      assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE})
  void aRecordRefusedAfterStartBecomesADeadLetterAndProcessingGoesOn(String guarantee)
      throws Exception {
    // At least once, the records behind the refused one in its partition are retried by the
    // idempotent producer until delivery.timeout.ms, then reprocessed: keep that short here.
    AppConfig config =
        config(
            "refused-later-" + guarantee.charAt(0),
            guarantee,
            guarantee.equals(StreamsConfig.AT_LEAST_ONCE)
                ? Map.of(
                    StreamsConfig.producerPrefix(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG), "3000",
                    StreamsConfig.producerPrefix(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), "6000")
                : Map.of());
    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60));
        RequestSender sender =
            new RequestSender(config.clientProperties(), config.topics().requests())) {
      // The limit changes under the running application, which read the old one at start.
      try (Admin admin = SharedKafkaBroker.admin()) {
        ConfigResource entries =
            new ConfigResource(ConfigResource.Type.TOPIC, config.topics().entries());
        admin
            .incrementalAlterConfigs(
                Map.of(
                    entries,
                    List.of(
                        new AlterConfigOp(
                            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4000"),
                            AlterConfigOp.OpType.SET))))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      sender.send(null, request("big", "A large answer", Map.of("notes", "x".repeat(6000))));
      List<String> after = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        after.add("after-" + i);
        sender.send(null, request("after-" + i, "Title " + i, Map.of("env", "prod")));
      }
      Set<String> ids = new HashSet<>(after);
      ids.add("big");
      try (AnswerCollector collector =
          new AnswerCollector(config.clientProperties(), config.topics())) {
        // One stream thread replaced (its rebalance waits out the session timeout) and the rest.
        Answers answers = collector.collect(ids, 0, Duration.ofSeconds(90));
        assertThat(answers.entries().keySet()).containsExactlyInAnyOrderElementsOf(after);
        assertThat(answers.deadLetters().keySet()).containsExactly("big");
        DeadLetter letter = answers.deadLetters().get("big");
        assertThat(letter.getReason()).isEqualTo("PRODUCTION_ERROR");
        assertThat(letter.getMessage())
            .startsWith("could not write a record to " + config.topics().entries() + ": ")
            .contains("RecordTooLargeException");
        if (guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
          assertThat(answers.duplicates()).isZero();
        }
      }
      assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();
    }
  }

  @Test
  void aRequestOfAboutOneMegabyteIsDeadLetteredCutAndTheNextIsAnswered() throws Exception {
    AppConfig config = config("one-megabyte", StreamsConfig.EXACTLY_ONCE_V2);
    // Over the context limit, so refused; its dead letter would be larger than any record the
    // producer sends, so it carries the request cut.
    byte[] big = request("big", "A huge context", Map.of("blob", "b".repeat(1_048_300)));
    Properties producer = new Properties();
    producer.putAll(config.clientProperties());
    producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
    producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60));
        RequestSender sender = new RequestSender(producer, config.topics().requests())) {
      sender.send("key".getBytes(StandardCharsets.UTF_8), big);
      sender.send(null, request("next", "A small answer", Map.of("env", "prod")));
      try (AnswerCollector collector =
          new AnswerCollector(config.clientProperties(), config.topics())) {
        Answers answers = collector.collect(Set.of("big", "next"), 0, Duration.ofSeconds(60));
        assertThat(answers.entries().keySet()).containsExactly("next");
        DeadLetter letter = answers.deadLetters().get("big");
        assertThat(letter.getReason()).isEqualTo("CONTEXT_TOO_LARGE");
        assertThat(letter.getOriginalValueSize()).isEqualTo(big.length);
        assertThat(letter.getOriginalValueSha256()).isEqualTo(ContentHash.sha256Hex(big));
        assertThat(letter.getOriginalValue().remaining()).isBetween(1_000_000, big.length - 1);
      }
      assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();
    }
  }

  @Test
  void noProducerHeaderReachesAnyTopicOfTheApplication() throws Exception {
    AppConfig config = config("headers", StreamsConfig.EXACTLY_ONCE_V2);
    String secret = "Bearer 9f8e7d6c5b4a-header-secret";
    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60));
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                config.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String id : List.of("with-header", "rejected-with-header")) {
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(
                config.topics().requests(),
                null,
                id.startsWith("rejected")
                    ? requestIn("NOPE", id)
                    : request(id, "Headers stay behind", Map.of("env", "prod")));
        record.headers().add("authorization", secret.getBytes(StandardCharsets.UTF_8));
        record.headers().add("traceparent", new byte[100_000]);
        producer.send(record).get(30, TimeUnit.SECONDS);
      }
      try (AnswerCollector collector =
          new AnswerCollector(config.clientProperties(), config.topics())) {
        Answers answers =
            collector.collect(
                Set.of("with-header", "rejected-with-header"), 0, Duration.ofSeconds(60));
        assertThat(answers.entries().keySet()).containsExactly("with-header");
        assertThat(answers.deadLetters().keySet()).containsExactly("rejected-with-header");
      }
    }
    for (String topic :
        List.of(
            config.topics().entries(),
            config.topics().configChanges(),
            config.topics().rejected(),
            RegistryTopology.repartitionTopic(config.applicationId()),
            RegistryTopology.changelogTopic(config.applicationId()))) {
      List<ConsumerRecord<byte[], byte[]>> records =
          TopicReader.everything(config.bootstrapServers(), topic);
      assertThat(records).as(topic).isNotEmpty();
      assertThat(records).as(topic).allMatch(r -> r.headers().toArray().length == 0);
    }
  }

  private static byte[] requestIn(String scope, String id) {
    return REQUESTS.encode(
        GenerationRequest.newBuilder()
            .setRequestId(id)
            .setTitle("Headers stay behind")
            .setScope(scope)
            .setType("RULES")
            .setContext(ContextValues.toAvro(Map.of()))
            .build());
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
    return config(name, guarantee, Map.of());
  }

  private AppConfig config(String name, String guarantee, Map<String, String> kafkaConfig) {
    String unique = SharedKafkaBroker.uniqueTopic("oversized-" + name);
    return RunTopics.appConfig(
        unique,
        RunTopics.of(unique, "."),
        1,
        guarantee,
        tmp.resolve("state-" + name),
        2,
        kafkaConfig);
  }
}
