package dev.registrystreams.http;

import static dev.registrystreams.http.RequestBodies.batch;
import static dev.registrystreams.http.RequestBodies.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.registrystreams.app.RunTopics;
import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.ReadCommitted;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.ContextValues;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /requests} and {@code POST /requests:batch} against a real instance on the shared
 * broker: each status an answer can have, the records on the requests topic byte for byte as a
 * Kafka producer writes them, answers equal to the topic's, batches in order, the cache-hit path,
 * and hundreds of concurrent callers each with its own answer.
 */
class WriteEndpointsIT {

  private static final String TOKEN = "writes-it-token";
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EntryJson ENTRY_JSON = new EntryJson(JSON);

  @TempDir static Path state;
  private static RunningInstance instance;
  private static String run;

  @BeforeAll
  static void start() {
    run = SharedKafkaBroker.uniqueTopic("writes");
    instance = RunningInstance.start(run, state, "--http-token", TOKEN);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    instance.close();
  }

  private static HttpResponse<String> post(String pathAndQuery, String body) {
    return HttpCalls.postJson(instance.url(pathAndQuery), body, "Authorization", "Bearer " + TOKEN);
  }

  @Test
  void answersAreTheTopicsAndRecordsAreAKafkaProducers() {
    String title = run + " access rules";
    String created = run + "-created";
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", "prod");
    context.put("owners", List.of("ana", "bo"));
    context.put("limits", Map.of("max", 12, "ratio", 0.5, "strict", true));
    context.put("note", null);
    HttpResponse<String> first = post("/requests", request(created, title, "GOV", context));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode entry = HttpCalls.json(first);
    String id = EntryId.derive("GOV", "RULES", DedupKey.of("GOV", "RULES", title));
    assertThat(entry.get("outcome").asText()).isEqualTo("CREATED");
    assertThat(entry.get("revision").asInt()).isEqualTo(1);
    assertThat(entry.get("id").asText()).isEqualTo(id);
    assertThat(entry.get("requestId").asText()).isEqualTo(created);
    assertThat(entry.get("source").asText()).isEqualTo("kafka");
    assertThat(entry.get("header").asText())
        .isEqualTo("[GOV][RULES][PROD][" + id + "][v2.9][REQUIRED]");

    // The same content from a Kafka producer: UNCHANGED, same id, hash and revision.
    String fromKafka = run + "-kafka";
    GenerationRequest same =
        GenerationRequest.newBuilder()
            .setRequestId(fromKafka)
            .setTitle(title)
            .setScope("GOV")
            .setType("RULES")
            .setContext(ContextValues.toAvro(context))
            .build();
    try (RequestSender sender =
        new RequestSender(RunTopics.sharedBrokerClient(), instance.topics().requests())) {
      sender.send(
          DedupKey.of("GOV", "RULES", title).hex().getBytes(StandardCharsets.UTF_8),
          REQUESTS.encode(same));
    }
    // Over HTTP again: the store answers UNCHANGED without a round trip; then with the round trip.
    HttpResponse<String> cached =
        post("/requests", request(run + "-cached", title, "GOV", context));
    HttpResponse<String> uncached =
        post("/requests?cache=false", request(run + "-uncached", title, "GOV", context));
    Map<String, Object> changed = new LinkedHashMap<>(context);
    changed.put("env", "dev");
    HttpResponse<String> updated =
        post("/requests", request(run + "-updated", title, "GOV", changed));
    HttpResponse<String> rejected =
        post("/requests", request(run + "-rejected", title, "NOPE", context));

    Set<String> ids =
        Set.of(created, fromKafka, run + "-uncached", run + "-updated", run + "-rejected");
    Answers answers;
    try (AnswerCollector collector =
        new AnswerCollector(RunTopics.sharedBrokerClient(), instance.topics())) {
      answers = collector.collect(ids, 0, Duration.ofSeconds(60));
      collector.readOn(answers, ids, Duration.ofSeconds(1));
    }
    assertThat(answers.duplicates()).isZero();
    RegistryEntry kafkaAnswer = answers.entries().get(fromKafka);
    assertThat(kafkaAnswer.getOutcome().name()).isEqualTo("UNCHANGED");
    assertThat(kafkaAnswer.getId().toString()).isEqualTo(id);
    assertThat(kafkaAnswer.getRevision()).isEqualTo(1);
    assertThat(kafkaAnswer.getContentHash().toString())
        .isEqualTo(entry.get("contentHash").asText());

    // Each HTTP answer that made the round trip is the topic's record, field for field.
    assertThat(entry).isEqualTo(withSource(answers.entries().get(created), "kafka"));
    assertThat(uncached.statusCode()).isEqualTo(200);
    assertThat(HttpCalls.json(uncached))
        .isEqualTo(withSource(answers.entries().get(run + "-uncached"), "kafka"));
    assertThat(HttpCalls.json(uncached).get("outcome").asText()).isEqualTo("UNCHANGED");
    assertThat(updated.statusCode()).isEqualTo(200);
    JsonNode updatedJson = HttpCalls.json(updated);
    assertThat(updatedJson).isEqualTo(withSource(answers.entries().get(run + "-updated"), "kafka"));
    assertThat(updatedJson.get("outcome").asText()).isEqualTo("UPDATED");
    assertThat(updatedJson.get("revision").asInt()).isEqualTo(2);
    assertThat(updatedJson.get("id").asText()).isEqualTo(id);

    // The cache hit: the answer the topic gave the Kafka producer's same request, under its id.
    assertThat(cached.statusCode()).as(cached.body()).isEqualTo(200);
    JsonNode hit = HttpCalls.json(cached);
    assertThat(hit.get("source").asText()).isEqualTo("cache");
    assertThat(hit.get("requestId").asText()).isEqualTo(run + "-cached");
    ObjectNode expectedHit = withSource(kafkaAnswer, "cache");
    expectedHit.put("requestId", run + "-cached");
    // The entry's times are those of its last change; both answers carry them unchanged.
    assertThat(hit).isEqualTo(expectedHit);

    // 422: the dead letter's reason and message.
    assertThat(rejected.statusCode()).isEqualTo(422);
    DeadLetter letter = answers.deadLetters().get(run + "-rejected");
    JsonNode rejection = HttpCalls.json(rejected);
    assertThat(rejection.get("outcome").asText()).isEqualTo("REJECTED");
    assertThat(rejection.get("reason").asText()).isEqualTo(letter.getReason().toString());
    assertThat(rejection.get("message").asText()).isEqualTo(letter.getMessage().toString());
    assertThat(rejection.get("requestId").asText()).isEqualTo(run + "-rejected");
    assertThat(rejection.get("status").asInt()).isEqualTo(422);

    // On the requests topic: each request sent over HTTP is keyed and encoded as the Kafka
    // producer's was; the cache hit sent nothing.
    Map<String, ConsumerRecord<byte[], byte[]>> records = requestRecords();
    assertThat(records).doesNotContainKey(run + "-cached");
    ConsumerRecord<byte[], byte[]> kafkaRecord = records.get(fromKafka);
    ConsumerRecord<byte[], byte[]> httpRecord = records.get(run + "-uncached");
    assertThat(httpRecord.key()).isEqualTo(kafkaRecord.key());
    // Built afresh: a builder copying a request copies its context into a map of another order.
    GenerationRequest asKafka =
        GenerationRequest.newBuilder()
            .setRequestId(run + "-uncached")
            .setTitle(title)
            .setScope("GOV")
            .setType("RULES")
            .setContext(ContextValues.toAvro(context))
            .build();
    assertThat(httpRecord.value()).isEqualTo(REQUESTS.encode(asKafka));
  }

  @Test
  void timeoutsAnswer504Or202AndTheRequestIsStillAnswered() {
    String late = run + "-late";
    HttpResponse<String> timedOut =
        post("/requests?timeout=1ms", request(late, run + " late", "SEC", Map.of()));
    assertThat(timedOut.statusCode()).as(timedOut.body()).isEqualTo(504);
    JsonNode json = HttpCalls.json(timedOut);
    assertThat(json.get("requestId").asText()).isEqualTo(late);
    assertThat(json.get("error").asText())
        .startsWith("no answer within 1 ms; the request ")
        .endsWith(
            " and will still be answered on "
                + instance.topics().entries()
                + " (or "
                + instance.topics().rejected()
                + ") under its request id");

    String accepted = run + "-accepted";
    HttpResponse<String> sent =
        post("/requests?timeout=0", request(accepted, run + " accepted", "SEC", Map.of()));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    assertThat(HttpCalls.json(sent).get("requestId").asText()).isEqualTo(accepted);

    try (AnswerCollector collector =
        new AnswerCollector(RunTopics.sharedBrokerClient(), instance.topics())) {
      Answers answers = collector.collect(Set.of(late, accepted), 0, Duration.ofSeconds(60));
      assertThat(answers.entries().keySet()).containsExactlyInAnyOrder(late, accepted);
      assertThat(answers.entries().get(late).getOutcome().name()).isEqualTo("CREATED");
    }
  }

  @Test
  void fieldsThatCannotBeARequestAre400AndNothingIsSent() {
    long before = requestRecords().size();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"scope\":\"GOV\",\"type\":\"RULES\"}", "field 'title' is required (a string)");
    cases.put(
        "{\"title\":7,\"scope\":\"GOV\",\"type\":\"RULES\"}", "field 'title' must be a string");
    cases.put("{\"title\":\"t\",\"type\":\"RULES\"}", "field 'scope' is required (a string)");
    cases.put("{\"title\":\"t\",\"scope\":\"GOV\"}", "field 'type' is required (a string)");
    cases.put(
        "{\"title\":\"t\",\"scope\":\"GOV\",\"type\":\"RULES\",\"context\":[1]}",
        "field 'context' must be a JSON object");
    cases.put(
        "{\"title\":\"t\",\"scope\":\"GOV\",\"type\":\"RULES\",\"version\":2}",
        "field 'version' must be a string");
    cases.put(
        "{\"title\":\"t\",\"scope\":\"GOV\",\"type\":\"RULES\",\"status\":false}",
        "field 'status' must be a string");
    cases.put(
        "{\"title\":\"t\",\"scope\":\"GOV\",\"type\":\"RULES\",\"requestId\":\" \"}",
        "field 'requestId' must not be blank");
    cases.put(
        "{\"title\":\"t\",\"scope\":\"GOV\",\"type\":\"RULES\",\"requestId\":\""
            + "r".repeat(129)
            + "\"}",
        "field 'requestId' must be at most 128 characters");
    cases.put(
        "{\"titel\":\"t\",\"scope\":\"GOV\",\"type\":\"RULES\"}",
        "field 'titel' is not a field of a request (title, scope, type, context, version, status,"
            + " requestId)");
    cases.put(
        "{\"title\":\"t\",\"scope\":\"GOV\",\"type\":\"RULES\",\"context\":{\"n\":123456789012345678901234}}",
        "field 'context' holds an integer beyond 64 bits");
    cases.put("[1]", "a request must be a JSON object");
    cases.forEach(
        (body, message) -> {
          HttpResponse<String> response = post("/requests", body);
          assertThat(response.statusCode()).as(body).isEqualTo(400);
          assertThat(HttpCalls.json(response).get("error").asText()).as(body).isEqualTo(message);
        });
    HttpResponse<String> batch =
        post(
            "/requests:batch",
            batch(
                request(run + "-b-ok", run + " b", "GOV", Map.of()),
                "{\"title\":\"t\",\"scope\":\"GOV\"}"));
    assertThat(batch.statusCode()).isEqualTo(400);
    assertThat(HttpCalls.json(batch).get("error").asText())
        .isEqualTo("request 1: field 'type' is required (a string)");
    HttpResponse<String> repeated =
        post(
            "/requests:batch",
            batch(
                request(run + "-b-twice", run + " b", "GOV", Map.of()),
                request(run + "-b-twice", run + " c", "GOV", Map.of())));
    assertThat(repeated.statusCode()).isEqualTo(400);
    assertThat(HttpCalls.json(repeated).get("error").asText())
        .isEqualTo("request 1: field 'requestId' repeats an earlier request's");
    assertThat(requestRecords()).hasSize((int) before);
  }

  @Test
  void aBatchIsAnsweredInOrderAsAJsonArrayOrJsonLines() {
    String title = run + " batch";
    String array =
        batch(
            request(run + "-a1", title, "OPS", Map.of("k", 1)),
            request(run + "-a2", title, "BAD", Map.of()),
            request(run + "-a3", title, "OPS", Map.of("k", 1)),
            request(run + "-a4", title, "OPS", Map.of("k", 2)));
    HttpResponse<String> response = post("/requests:batch", array);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> answers = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    HttpCalls.json(response)
        .get("answers")
        .forEach(
            item -> {
              statuses.add(item.get("status").asInt());
              answers.add(item.get("body"));
            });
    assertThat(statuses).containsExactly(200, 422, 200, 200);
    assertThat(answers)
        .extracting(a -> a.get("requestId").asText())
        .containsExactly(run + "-a1", run + "-a2", run + "-a3", run + "-a4");
    assertThat(answers)
        .extracting(a -> a.path("outcome").asText())
        .containsExactly("CREATED", "REJECTED", "UNCHANGED", "UPDATED");
    assertThat(answers.get(3).get("revision").asInt()).isEqualTo(2);

    // JSON Lines, one answered from the store (the revision just made), one new.
    String lines =
        request(run + "-l1", title, "OPS", Map.of("k", 2))
            + "\n\n"
            + request(run + "-l2", run + " lines", "OPS", Map.of())
            + "\n";
    HttpResponse<String> fromLines =
        HttpCalls.post(
            instance.url("/requests:batch"),
            lines,
            "Content-Type",
            "application/jsonl",
            "Authorization",
            "Bearer " + TOKEN);
    assertThat(fromLines.statusCode()).as(fromLines.body()).isEqualTo(200);
    JsonNode items = HttpCalls.json(fromLines).get("answers");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).get("status").asInt()).isEqualTo(200);
    assertThat(items.get(1).get("status").asInt()).isEqualTo(200);
    List<JsonNode> both = List.of(items.get(0).get("body"), items.get(1).get("body"));
    assertThat(both.get(0).get("requestId").asText()).isEqualTo(run + "-l1");
    assertThat(both.get(0).get("outcome").asText()).isEqualTo("UNCHANGED");
    assertThat(both.get(0).get("source").asText()).isEqualTo("cache");
    assertThat(both.get(0).get("revision").asInt()).isEqualTo(2);
    assertThat(both.get(1).get("requestId").asText()).isEqualTo(run + "-l2");
    assertThat(both.get(1).get("outcome").asText()).isEqualTo("CREATED");
    assertThat(both.get(1).get("source").asText()).isEqualTo("kafka");
  }

  @Test
  void hundredsOfConcurrentCallersEachGetTheirOwnAnswer() {
    int callers = 300;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    // Every caller's own title and context, and a second wave on the same titles: one changes its
    // context, one repeats it, so that answers of one entry go to several callers at once.
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    for (int wave = 0; wave < 2; wave++) {
      for (int i = 0; i < callers / 2; i++) {
        String id = run + "-c" + wave + "-" + i;
        Map<String, Object> context = Map.of("caller", wave == 0 || i % 2 == 0 ? i : -i);
        bodies.add(request(id, run + " concurrent " + i, "GOV", context));
      }
    }
    for (String body : bodies) {
      calls.add(
          client.sendAsync(
              // Every call looks its entry up in the store while the stream threads write to it.
              HttpRequest.newBuilder(instance.url("/requests"))
                  .timeout(Duration.ofSeconds(90))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + TOKEN)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    Set<String> seen = new HashSet<>();
    for (int n = 0; n < calls.size(); n++) {
      HttpResponse<String> response = calls.get(n).join();
      JsonNode sent = HttpCalls.json(bodies.get(n));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode answer = HttpCalls.json(response);
      assertThat(answer.get("requestId").asText()).isEqualTo(sent.get("requestId").asText());
      assertThat(answer.get("title").asText()).isEqualTo(sent.get("title").asText());
      assertThat(answer.get("context")).isEqualTo(sent.get("context"));
      assertThat(seen.add(answer.get("requestId").asText())).isTrue();
    }
    assertThat(seen).hasSize(callers);
  }

  private static ObjectNode withSource(RegistryEntry entry, String source) {
    ObjectNode json = ENTRY_JSON.toJson(entry);
    json.put("source", source);
    // As the caller reads it: numbers as JSON text gives them, not as the entry holds them.
    return (ObjectNode) HttpCalls.json(json.toString());
  }

  /** Every record on the requests topic so far, by request id. */
  private static Map<String, ConsumerRecord<byte[], byte[]>> requestRecords() {
    Map<String, ConsumerRecord<byte[], byte[]>> out = new LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            ReadCommitted.consumerProperties(RunTopics.sharedBrokerClient()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(instance.topics().requests())
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      await("the requests topic read to its end")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  out.put(REQUESTS.decode(record.value()).getRequestId().toString(), record);
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
              });
    }
    return out;
  }
}
