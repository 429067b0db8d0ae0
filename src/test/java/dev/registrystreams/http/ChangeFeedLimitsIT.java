package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.registrystreams.LogCapture;
import dev.registrystreams.app.RunTopics;
import dev.registrystreams.avro.ChangeOp;
import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.PathChange;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.topology.AvroSerde;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The change feed's limits and timings on a server of its own, reading a test topic the test writes
 * to: resets below the log start, slow clients, the client bound, keep-alives, the token, and what
 * the server's close leaves behind.
 */
class ChangeFeedLimitsIT {

  private static final AvroSerde<ConfigChange> CHANGES = AvroSerde.of(ConfigChange.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private RegistryHttpServer server;
  private ChangeFeed feed;
  private final List<SseStream> streams = new ArrayList<>();

  @AfterEach
  void stop() {
    streams.forEach(SseStream::close);
    if (server != null) {
      server.close();
    }
  }

  private URI serve(String topic, FeedSettings settings, String token) {
    feed = new ChangeFeed(() -> new FeedSource(RunTopics.sharedBrokerClient(), topic), settings);
    server = RegistryHttpServer.start(new HttpSettings("127.0.0.1", 0, token), List.of(feed));
    return URI.create(server.url());
  }

  private SseStream open(URI url, String... headers) {
    SseStream stream = SseStream.open(url, headers);
    streams.add(stream);
    return stream;
  }

  private SseStream resume(URI url, String id) {
    SseStream stream = SseStream.resume(url, id);
    streams.add(stream);
    return stream;
  }

  @Test
  void aPositionBelowTheLogStartGetsAResetThenTheEarliestRetainedEvents() throws Exception {
    String topic = topic(2);
    write(topic, 0, 0, 10, 10);
    write(topic, 1, 100, 10, 10);
    URI base = serve(topic, FeedSettings.defaults(), null);

    SseStream first = open(base.resolve("/changes?from=earliest"));
    await().atMost(WAIT).until(() -> first.events("config-change").size() == 20);
    // The position after the third event of partition 0 (and whatever of partition 1 came first).
    SseStream.Message third =
        first.events("config-change").stream()
            .filter(m -> entry(m).startsWith("TST-RULES-00000000"))
            .skip(2)
            .findFirst()
            .orElseThrow();
    FeedPosition position = FeedPosition.decode(third.id());
    assertThat(position.nextOffsets().get(0)).isEqualTo(3L);
    long partition1 = position.nextOffsets().get(1);
    first.close();

    try (Admin admin = SharedKafkaBroker.admin()) {
      admin
          .deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(6)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }

    SseStream resumed = resume(base.resolve("/changes"), third.id());
    int expected = 4 + (int) (10 - partition1);
    await().atMost(WAIT).until(() -> resumed.events("config-change").size() == expected);
    List<SseStream.Message> dispatched =
        resumed.messages().stream().filter(SseStream.Message::dispatched).toList();
    assertThat(dispatched.get(0).event()).isEqualTo("reset");
    JsonNode reset = JSON.readTree(dispatched.get(0).data());
    assertThat(reset.get("reason").asText()).contains("no longer on the topic");
    assertThat(reset.get("partitions")).hasSize(1);
    assertThat(reset.get("partitions").get(0).get("partition").asInt()).isZero();
    assertThat(reset.get("partitions").get(0).get("requested").asLong()).isEqualTo(3);
    assertThat(reset.get("partitions").get(0).get("earliest").asLong()).isEqualTo(6);
    Set<String> entries = new HashSet<>();
    resumed.events("config-change").forEach(m -> entries.add(entry(m)));
    Set<String> wanted = new HashSet<>();
    for (int i = 6; i < 10; i++) {
      wanted.add(String.format("TST-RULES-%010d", i));
    }
    for (long i = partition1; i < 10; i++) {
      wanted.add(String.format("TST-RULES-%010d", 100 + i));
    }
    assertThat(entries).isEqualTo(wanted);
    assertThat(resumed.events("config-change")).hasSize(expected);
  }

  /**
   * A client that stops reading holds only its own buffer: the feed gives up on it (logging why)
   * while another client gets every event; when the slow one reads again it finds what it was sent,
   * then the overflow event, then the end of the stream.
   */
  @Test
  void aClientThatDoesNotReadIsDisconnectedWithOverflowWhileAnotherGetsEveryEvent()
      throws Exception {
    String topic = topic(1);
    // No keep-alive while the test runs: one would keep the slow socket's read from timing out.
    URI base =
        serve(
            topic,
            FeedSettings.defaults()
                .withBuffer(64 * 1024, Duration.ofMillis(500))
                .withKeepAlive(Duration.ofMinutes(10)),
            null);
    LogCapture log = LogCapture.of(FeedSession.class).start();
    try (Socket slow = new Socket()) {
      // HTTP/1.0: the body comes as it is, unchunked, until the server closes the connection.
      // A small receive window, not grown by the kernel: the server's writes block soon.
      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5_000);
      OutputStream request = slow.getOutputStream();
      request.write(
          ("GET /changes HTTP/1.0\r\nAccept: text/event-stream\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      request.flush();
      SseStream fast = open(base.resolve("/changes"));
      await().atMost(WAIT).until(() -> feed.clients() == 2);

      // 48 MB: far more than the kernel's socket buffers hold on their way to the slow client
      // (loopback may buffer several MB), so that the server's writes to it block.
      int events = 6_000;
      write(topic, 0, 0, events, 8_000);
      await("the slow client given up")
          .atMost(WAIT)
          .until(() -> log.messages().stream().anyMatch(m -> m.contains("read too slowly")));

      // The slow client reads again, before the server's idle timeout ends its blocked write.
      slow.setSoTimeout(30_000);
      List<String> lines = new ArrayList<>();
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(slow.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      }
      int overflow = lines.lastIndexOf("event: overflow");
      assertThat(overflow).as("the overflow event").isPositive();
      assertThat(lines.get(overflow + 1)).startsWith("data: ").contains("read too slowly");
      long slowEvents = lines.stream().filter(l -> l.equals("event: config-change")).count();
      assertThat(slowEvents).isLessThan(events);
      assertThat(lines.subList(overflow + 2, lines.size())).allMatch(String::isEmpty);

      await().atMost(WAIT).until(() -> fast.events("config-change").size() >= events);
      Set<String> seen = new HashSet<>();
      fast.events("config-change").forEach(m -> seen.add(entry(m)));
      assertThat(seen).hasSize(events);
      assertThat(fast.events("config-change")).hasSize(events);
      assertThat(fast.events("overflow")).isEmpty();
      await().atMost(WAIT).until(() -> feed.clients() == 1);
      assertThat(fast.ended()).isFalse();
    } finally {
      log.close();
    }
  }

  @Test
  void pastTheClientBoundIs503AndAClosedClientFreesItsPlace() {
    String topic = topic(1);
    URI base =
        serve(
            topic,
            FeedSettings.defaults().withMaxClients(2).withKeepAlive(Duration.ofMillis(300)),
            null);
    SseStream one = open(base.resolve("/changes"));
    open(base.resolve("/changes"));
    HttpResponse<String> third = HttpCalls.get(base.resolve("/changes"));
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(HttpCalls.json(third).get("error").asText())
        .isEqualTo("the change feed serves at most 2 clients at once");
    assertThat(third.headers().firstValue("Retry-After")).hasValue("5");

    one.close();
    // The server notices a client went away when it next writes to it: at the keep-alive.
    await().atMost(WAIT).until(() -> feed.clients() == 1);
    open(base.resolve("/changes"));
    // The stream is open once its headers arrive; the server counts it as its session starts.
    await().atMost(WAIT).until(() -> feed.clients() == 2);
  }

  @Test
  void keepAlivesComeAndCarryThePositionFilteredEventsMoved() {
    String topic = topic(2);
    write(topic, 0, 0, 5, 10);
    write(topic, 1, 100, 5, 10);
    URI base = serve(topic, FeedSettings.defaults().withKeepAlive(Duration.ofMillis(300)), null);
    SseStream filtered = open(base.resolve("/changes?from=earliest&entryId=NO-SUCH-ENTRY"));
    SseStream.Message opening = await().atMost(WAIT).until(() -> first(filtered), m -> m != null);
    assertThat(opening.retry()).isEqualTo(3000);
    assertThat(FeedPosition.decode(opening.id()).nextOffsets()).isEqualTo(Map.of(0, 0L, 1, 0L));

    await()
        .atMost(WAIT)
        .until(
            () ->
                filtered.messages().stream()
                    .anyMatch(
                        m ->
                            m.comments().contains("keep-alive")
                                && m.id() != null
                                && FeedPosition.decode(m.id())
                                    .nextOffsets()
                                    .equals(Map.of(0, 5L, 1, 5L))));
    assertThat(filtered.events("config-change")).isEmpty();
    // Keep-alives keep coming, without an id once the position stands still.
    await()
        .atMost(WAIT)
        .until(
            () ->
                filtered.messages().stream()
                        .filter(m -> m.comments().contains("keep-alive") && m.id() == null)
                        .count()
                    >= 3);

    // A client resuming from the last id reads none of the filtered-out events again.
    write(topic, 0, 5, 1, 10);
    SseStream resumed = resume(base.resolve("/changes"), filtered.lastEventId());
    await().atMost(WAIT).until(() -> resumed.events("config-change").size() == 1);
    assertThat(entry(resumed.events("config-change").get(0))).isEqualTo("TST-RULES-0000000005");
  }

  @Test
  void malformedParametersAre400NamingThem() {
    URI base = serve(topic(1), FeedSettings.defaults(), null);
    assertBadParameter(HttpCalls.get(base.resolve("/changes?after=not-a-position!")), "after");
    assertBadParameter(HttpCalls.get(base.resolve("/changes?after=Ag")), "after");
    assertBadParameter(
        HttpCalls.get(base.resolve("/changes"), "Last-Event-ID", "%%%"), "Last-Event-ID");
    assertBadParameter(HttpCalls.get(base.resolve("/changes?from=middle")), "from");
    assertBadParameter(HttpCalls.get(base.resolve("/changes?scope=")), "scope");
    assertThat(feed.clients()).isZero();
  }

  @Test
  void withATokenTheFeedNeedsIt() {
    URI base = serve(topic(1), FeedSettings.defaults(), "feed-token-for-the-test");
    assertThat(HttpCalls.get(base.resolve("/changes")).statusCode()).isEqualTo(401);
    SseStream stream =
        open(base.resolve("/changes"), "Authorization", "Bearer feed-token-for-the-test");
    await().atMost(WAIT).until(() -> first(stream), m -> m != null);
  }

  @Test
  void beforeTheInstanceExistsTheFeedIs503() {
    feed = ChangeFeed.of(new InstanceSlot());
    server = RegistryHttpServer.start(new HttpSettings("127.0.0.1", 0, null), List.of(feed));
    HttpResponse<String> response = HttpCalls.get(URI.create(server.url() + "/changes"));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(HttpCalls.json(response).get("error").asText()).contains("starting");
  }

  @Test
  void closingTheServerEndsEveryClientAndItsThreads() {
    String topic = topic(1);
    URI base = serve(topic, FeedSettings.defaults(), null);
    SseStream one = open(base.resolve("/changes"));
    SseStream two = open(base.resolve("/changes?from=earliest"));
    await().atMost(WAIT).until(() -> feed.clients() == 2);
    server.close();
    server = null;
    assertThat(feed.clients()).isZero();
    await().atMost(WAIT).until(() -> one.ended() && two.ended());
    assertThat(feedThreads()).isEmpty();
  }

  private static List<String> feedThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(name -> name.startsWith("change-feed-"))
        .toList();
  }

  private static SseStream.Message first(SseStream stream) {
    List<SseStream.Message> messages = stream.messages();
    return messages.isEmpty() ? null : messages.get(0);
  }

  private static void assertBadParameter(HttpResponse<String> response, String name) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(HttpCalls.json(response).get("error").asText())
        .startsWith("parameter '" + name + "' ");
  }

  private static String entry(SseStream.Message message) {
    try {
      return JSON.readTree(message.data()).get("entryId").asText();
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + message.data(), e);
    }
  }

  private static String topic(int partitions) {
    String topic = SharedKafkaBroker.uniqueTopic("feed-changes");
    SharedKafkaBroker.createTopics(partitions, topic);
    return topic;
  }

  /** Writes {@code count} events to {@code partition}, for entries numbered from {@code first}. */
  private static void write(String topic, int partition, int first, int count, int valueChars) {
    Properties props = RunTopics.sharedBrokerClient();
    props.put("linger.ms", "5");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = first; i < first + count; i++) {
        ConfigChange change = change(String.format("TST-RULES-%010d", i), valueChars);
        producer.send(
            new ProducerRecord<>(topic, partition, change.getEntryId(), CHANGES.encode(change)));
      }
      producer.flush();
    }
  }

  private static ConfigChange change(String entryId, int valueChars) {
    return ConfigChange.newBuilder()
        .setEntryId(entryId)
        .setDedupKey("00")
        .setRequestId("req-" + entryId)
        .setHeader("[TST][RULES][BASE][" + entryId + "][v1][REQUIRED]")
        .setRevisionFrom(0)
        .setRevisionTo(1)
        .setHashFrom(null)
        .setHashTo("ab")
        .setChangedAt(Instant.parse("2026-11-24T08:00:00Z"))
        .setChanges(
            List.of(
                new PathChange(
                    "context.note", ChangeOp.ADD, null, "\"" + "x".repeat(valueChars) + "\"")))
        .build();
  }
}
