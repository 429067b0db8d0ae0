package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.registrystreams.app.RunTopics;
import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.Expected;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.embedded.TopicReader;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.topology.AvroSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /changes} of a running instance after and during mixed workloads: a replay is exactly
 * the config-changes topic, a client cut off mid-stream and resumed with {@code Last-Event-ID} gets
 * every event once, and filters pass exactly the matching events. Every comparison is against the
 * topic as a read_committed consumer reads it, event by event.
 */
class ChangeFeedIT {

  private static final AvroSerde<ConfigChange> CHANGES = AvroSerde.of(ConfigChange.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir static Path stateDir;
  private static RunningInstance instance;
  private final List<SseStream> streams = new ArrayList<>();

  @BeforeAll
  static void startAndSendAWorkload() {
    instance = RunningInstance.start(SharedKafkaBroker.uniqueTopic("feed"), stateDir);
    MixedWorkload workload =
        MixedWorkload.generate(new MixedWorkload.Shape(300, 150, 200, 20, 41), "feed-first");
    send(workload.requests());
    awaitAnswers(workload);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (instance != null) {
      instance.close();
    }
  }

  @AfterEach
  void closeStreams() {
    streams.forEach(SseStream::close);
  }

  @Test
  void aReplayFromEarliestIsExactlyTheTopic() {
    List<String> topic = topicEvents(change -> true);
    assertThat(topic).as("300 CREATED and 200 UPDATED").hasSize(500);
    SseStream replay = open("/changes?from=earliest");
    await().atMost(WAIT).until(() -> data(replay).size() >= topic.size());

    // One more change after the replay: once it has come, anything repeated would have too.
    MixedWorkload sentinel =
        MixedWorkload.generate(new MixedWorkload.Shape(1, 0, 0, 0, 5), "feed-sentinel");
    send(sentinel.requests());
    awaitAnswers(sentinel);
    List<String> withSentinel = topicEvents(change -> true);
    await().atMost(WAIT).until(() -> data(replay).size() >= withSentinel.size());

    assertThat(sorted(data(replay))).isEqualTo(sorted(withSentinel));
    assertThat(data(replay)).hasSize(withSentinel.size());
    // Per entry, the revisions come in order, from 1 up without a gap.
    Map<String, List<Integer>> revisions = new LinkedHashMap<>();
    for (String event : data(replay)) {
      JsonNode node = json(event);
      revisions
          .computeIfAbsent(node.get("entryId").asText(), id -> new ArrayList<>())
          .add(node.get("revisionTo").asInt());
    }
    revisions.forEach(
        (entry, list) -> {
          for (int i = 0; i < list.size(); i++) {
            assertThat(list.get(i)).as(entry + " " + list).isEqualTo(i + 1);
          }
        });
    assertThat(replay.events("reset")).isEmpty();
  }

  @Test
  void aClientCutOffMidStreamAndResumedGetsEveryEventOnce() throws Exception {
    SseStream first = open("/changes");
    await().atMost(WAIT).until(() -> first.lastEventId().length() > 0);
    MixedWorkload workload =
        MixedWorkload.generate(new MixedWorkload.Shape(600, 100, 500, 0, 97), "feed-resume");
    List<WorkloadRequest> requests = workload.requests();
    int changes =
        workload.expectedCounts().get(Expected.CREATED)
            + workload.expectedCounts().get(Expected.UPDATED);

    send(requests.subList(0, requests.size() / 3));
    await().atMost(WAIT).until(() -> data(first).size() >= 50);
    // The rest is sent while the first client goes away and the second comes.
    CompletableFuture<Void> rest =
        CompletableFuture.runAsync(
            () -> send(requests.subList(requests.size() / 3, requests.size())));
    first.close();
    await().atMost(WAIT).until(first::ended);
    List<String> before = data(first);
    assertThat(before.size()).as("cut off in the middle").isLessThan(changes);

    SseStream second = SseStream.resume(instance.url("/changes"), first.lastEventId());
    streams.add(second);
    rest.get();
    awaitAnswers(workload);
    List<String> topic = topicEvents(change -> change.getRequestId().startsWith("feed-resume"));
    assertThat(topic).hasSize(changes);
    await().atMost(WAIT).until(() -> before.size() + data(second).size() >= changes);

    List<String> received = new ArrayList<>(before);
    received.addAll(data(second));
    assertThat(sorted(received)).isEqualTo(sorted(topic));
    assertThat(received).doesNotHaveDuplicates().hasSize(changes);
    assertThat(second.events("reset")).isEmpty();
  }

  @Test
  void filtersPassExactlyTheMatchingEvents() {
    List<ConfigChange> all = topicChanges();
    String updated =
        all.stream()
            .filter(c -> c.getRevisionTo() == 3)
            .map(ConfigChange::getEntryId)
            .findFirst()
            .orElseThrow();
    Map<String, Predicate<ConfigChange>> filters = new LinkedHashMap<>();
    filters.put("scope=gov", c -> c.getHeader().startsWith("[GOV]"));
    filters.put("entryId=" + updated, c -> c.getEntryId().equals(updated));
    filters.put(
        "path=context.note",
        c -> c.getChanges().stream().anyMatch(p -> p.getPath().equals("context.note")));
    filters.put(
        "scope=SEC&path=context",
        c -> c.getHeader().startsWith("[SEC]") && !c.getChanges().isEmpty());

    for (Map.Entry<String, Predicate<ConfigChange>> filter : filters.entrySet()) {
      List<String> expected = topicEvents(filter.getValue());
      assertThat(expected).as(filter.getKey()).isNotEmpty();
      assertThat(expected.size()).as(filter.getKey()).isLessThan(all.size());
      SseStream stream = open("/changes?from=earliest&" + filter.getKey());
      await().atMost(WAIT).until(() -> data(stream).size() >= expected.size());
      assertThat(sorted(data(stream))).as(filter.getKey()).isEqualTo(sorted(expected));
    }
  }

  @Test
  void aBadPositionIs400() {
    HttpResponse400.assertNames(HttpCalls.get(instance.url("/changes?after=xyz!")), "after");
    HttpResponse400.assertNames(
        HttpCalls.get(instance.url("/changes"), "Last-Event-ID", "Ag"), "Last-Event-ID");
    HttpResponse400.assertNames(HttpCalls.get(instance.url("/changes?from=yesterday")), "from");
  }

  /** A 400 that names the parameter. */
  private static final class HttpResponse400 {
    static void assertNames(java.net.http.HttpResponse<String> response, String parameter) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(HttpCalls.json(response).get("error").asText())
          .startsWith("parameter '" + parameter + "' ");
    }
  }

  private SseStream open(String pathAndQuery) {
    SseStream stream = SseStream.open(instance.url(pathAndQuery));
    streams.add(stream);
    return stream;
  }

  private static List<String> data(SseStream stream) {
    return stream.events("config-change").stream().map(SseStream.Message::data).toList();
  }

  private static List<String> sorted(List<String> lines) {
    return lines.stream().sorted().toList();
  }

  private static List<ConfigChange> topicChanges() {
    return TopicReader.committed(
            SharedKafkaBroker.bootstrapServers(), instance.topics().configChanges())
        .stream()
        .map(record -> CHANGES.decode(record.value()))
        .toList();
  }

  /** The topic's events that {@code filter} passes, as the feed's JSON. */
  private static List<String> topicEvents(Predicate<ConfigChange> filter) {
    return topicChanges().stream().filter(filter).map(ChangeJson::line).toList();
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(List<WorkloadRequest> requests) {
    try (RequestSender sender =
        new RequestSender(RunTopics.sharedBrokerClient(), instance.topics().requests())) {
      sender.sendAll(requests);
    }
  }

  private static void awaitAnswers(MixedWorkload workload) {
    List<WorkloadRequest> requests = workload.requests();
    Set<String> ids =
        requests.stream()
            .map(WorkloadRequest::requestId)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    int undecodable = (int) requests.stream().filter(r -> r.requestId() == null).count();
    try (AnswerCollector collector =
        new AnswerCollector(RunTopics.sharedBrokerClient(), instance.topics())) {
      Answers answers = collector.collect(ids, undecodable, WAIT);
      // Dead letters without a request id are every workload's on these topics: not compared.
      assertThat(answers.entries().size() + answers.deadLetters().size()).isEqualTo(ids.size());
      for (Expected outcome : List.of(Expected.CREATED, Expected.UPDATED, Expected.UNCHANGED)) {
        assertThat(answers.countsByOutcome().get(outcome))
            .as(outcome.name())
            .isEqualTo(workload.expectedCounts().get(outcome));
      }
    }
  }
}
