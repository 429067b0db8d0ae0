package dev.registrystreams.load;

import static dev.registrystreams.topology.RegistryTopologyDriver.START;
import static dev.registrystreams.topology.RegistryTopologyDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.store.DurableTier;
import dev.registrystreams.store.HotTierSettings;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.RegistryTopology;
import dev.registrystreams.topology.TempStateDriver;
import dev.registrystreams.topology.TopicNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's skeleton on a TopologyTestDriver: one answer per request on the entries topic,
 * the request's own bytes behind a one-byte mark (1 for the first request of a scope/type/title, 0
 * for any later one), and the first ones again on the config-changes topic.
 */
class SkeletonTopologyTest {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final TopicNames TOPICS =
      new TopicNames(
          "skeleton.requests", "skeleton.entries", "skeleton.config-changes", "skeleton.rejected");
  private static final Map<String, Object> CONTEXT = Map.of("env", "prod", "owner", "platform");
  private static final byte NEW = 1;
  private static final byte SEEN = 0;

  @Test
  void theFirstRequestOfATitleIsMarkedNewAndChangesTheConfigARepeatIsMarkedSeen() {
    byte[] first = encode(request("r1", "Access review for payments", CONTEXT));
    byte[] repeat = encode(request("r2", "Access review for payments", Map.of("env", "dev")));
    try (Skeleton s = new Skeleton()) {
      s.send("producer-key", first, 0);
      s.send("producer-key", repeat, 1);

      assertThat(s.entries.readKeyValuesToList())
          .usingRecursiveFieldByFieldElementComparator()
          .containsExactly(
              KeyValue.pair("GOV/RULES/Access review for payments", marked(NEW, first)),
              KeyValue.pair("GOV/RULES/Access review for payments", marked(SEEN, repeat)));
      assertThat(s.changes.readKeyValuesToList())
          .usingRecursiveFieldByFieldElementComparator()
          .containsExactly(
              KeyValue.pair("GOV/RULES/Access review for payments", marked(NEW, first)));
    }
  }

  @Test
  void aKnownSequenceGivesOneAnswerPerRequestAndOneChangePerScopeTypeAndTitle() {
    List<GenerationRequest> sequence =
        List.of(
            request("r1", "GOV", "RULES", "Alpha", CONTEXT),
            request("r2", "GOV", "RULES", "Beta", CONTEXT),
            request("r3", "GOV", "RULES", "Alpha", CONTEXT), // exact repeat
            request("r4", "GOV", "RULES", "Alpha", Map.of("env", "dev")), // changed context
            request("r5", "SEC", "RULES", "Alpha", CONTEXT), // another scope: another key
            request("r6", "GOV", "POLICY", "Alpha", CONTEXT), // another type: another key
            request("r7", "GOV", "RULES", "Beta", CONTEXT),
            request("r8", "SEC", "RULES", "Alpha", CONTEXT),
            request("r9", "OPS", "STANDARD", "Gamma", CONTEXT),
            request("r10", "GOV", "RULES", "Alpha", CONTEXT));
    try (Skeleton s = new Skeleton()) {
      for (int i = 0; i < sequence.size(); i++) {
        s.send(null, encode(sequence.get(i)), i);
      }

      List<TestRecord<String, byte[]>> entries = s.entries.readRecordsToList();
      List<TestRecord<String, byte[]>> changes = s.changes.readRecordsToList();

      assertThat(entries).hasSize(10);
      assertThat(entries)
          .extracting(r -> REQUESTS.decode(unmarked(r.value())).getRequestId())
          .containsExactly("r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10");
      assertThat(entries)
          .extracting(r -> r.value()[0])
          .containsExactly(NEW, NEW, SEEN, SEEN, NEW, NEW, SEEN, SEEN, NEW, SEEN);
      assertThat(changes)
          .extracting(TestRecord::key)
          .containsExactly(
              "GOV/RULES/Alpha",
              "GOV/RULES/Beta",
              "SEC/RULES/Alpha",
              "GOV/POLICY/Alpha",
              "OPS/STANDARD/Gamma");
      assertThat(changes)
          .extracting(r -> REQUESTS.decode(unmarked(r.value())).getRequestId())
          .containsExactly("r1", "r2", "r5", "r6", "r9");
      Set<String> distinct = new LinkedHashSet<>();
      entries.forEach(r -> distinct.add(r.key()));
      assertThat(changes).hasSameSizeAs(distinct);
    }
  }

  @Test
  void everyAnswerCarriesTheRequestsSendTimeHeaderAndTimestamp() {
    byte[] sentNanos = ByteBuffer.allocate(8).putLong(123_456_789L).array();
    try (Skeleton s = new Skeleton()) {
      RecordHeaders headers = new RecordHeaders();
      headers.add(PacedSender.SENT_NANOS_HEADER, sentNanos);
      s.requests.pipeInput(
          new TestRecord<>(
              (byte[]) null,
              encode(request("r1", "Access review", CONTEXT)),
              headers,
              START.plusSeconds(7)));

      TestRecord<String, byte[]> entry = s.entries.readRecord();
      TestRecord<String, byte[]> change = s.changes.readRecord();
      for (TestRecord<String, byte[]> answer : List.of(entry, change)) {
        assertThat(answer.headers().lastHeader(PacedSender.SENT_NANOS_HEADER).value())
            .isEqualTo(sentNanos);
        assertThat(answer.getRecordTime()).isEqualTo(START.plusSeconds(7));
      }
    }
  }

  @Test
  void nothingIsValidatedNormalisedOrRejected() {
    // The full topology dead-letters an unknown scope and folds whitespace in titles; the
    // skeleton does neither: every request is answered under its scope/type/title as sent.
    byte[] unknownScope = encode(request("r1", "MARKETING", "RULES", "Launch", CONTEXT));
    byte[] spaced = encode(request("r2", "GOV", "RULES", "Access  review", CONTEXT));
    byte[] plain = encode(request("r3", "GOV", "RULES", "Access review", CONTEXT));
    try (Skeleton s = new Skeleton()) {
      s.send(null, unknownScope, 0);
      s.send(null, spaced, 1);
      s.send(null, plain, 2);

      assertThat(s.entries.readKeyValuesToList())
          .usingRecursiveFieldByFieldElementComparator()
          .containsExactly(
              KeyValue.pair("MARKETING/RULES/Launch", marked(NEW, unknownScope)),
              KeyValue.pair("GOV/RULES/Access  review", marked(NEW, spaced)),
              KeyValue.pair("GOV/RULES/Access review", marked(NEW, plain)));
      assertThat(s.changes.getQueueSize()).isEqualTo(3);
      assertThat(s.driver.producedTopicNames()).doesNotContain(TOPICS.rejected());
    }
  }

  @Test
  void theStoreKeepsTheFirstRequestOfEachTitle() {
    byte[] first = encode(request("r1", "Access review", CONTEXT));
    byte[] repeat = encode(request("r2", "Access review", Map.of("env", "dev")));
    try (Skeleton s = new Skeleton()) {
      s.send(null, first, 0);
      s.send(null, repeat, 1);

      List<KeyValue<String, byte[]>> stored = new ArrayList<>();
      KeyValueStore<String, byte[]> store =
          s.driver.getKeyValueStore(RegistryTopology.ENTRIES_STORE);
      try (KeyValueIterator<String, byte[]> all = store.all()) {
        all.forEachRemaining(stored::add);
      }
      assertThat(stored)
          .usingRecursiveFieldByFieldElementComparator()
          .containsExactly(KeyValue.pair("GOV/RULES/Access review", first));
    }
  }

  private static byte[] encode(GenerationRequest request) {
    return REQUESTS.encode(request);
  }

  private static byte[] marked(byte mark, byte[] request) {
    byte[] out = new byte[request.length + 1];
    out[0] = mark;
    System.arraycopy(request, 0, out, 1, request.length);
    return out;
  }

  private static byte[] unmarked(byte[] answer) {
    byte[] out = new byte[answer.length - 1];
    System.arraycopy(answer, 1, out, 0, out.length);
    return out;
  }

  /** The skeleton over RocksDB and the default hot tier, with its two outputs. */
  private static final class Skeleton implements AutoCloseable {
    private final TempStateDriver state =
        new TempStateDriver(
            "skeleton-test",
            new SkeletonTopology(TOPICS, HotTierSettings.defaults(), DurableTier.rocksDb()).build(),
            Map.of());
    final TopologyTestDriver driver = state.driver();
    final TestInputTopic<byte[], byte[]> requests;
    final TestOutputTopic<String, byte[]> entries;
    final TestOutputTopic<String, byte[]> changes;

    Skeleton() {
      requests =
          driver.createInputTopic(
              TOPICS.requests(), new ByteArraySerializer(), new ByteArraySerializer());
      entries =
          driver.createOutputTopic(
              TOPICS.entries(), new StringDeserializer(), new ByteArrayDeserializer());
      changes =
          driver.createOutputTopic(
              TOPICS.configChanges(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    void send(String key, byte[] value, long secondsAfterStart) {
      byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
      requests.pipeInput(new TestRecord<>(keyBytes, value, START.plusSeconds(secondsAfterStart)));
    }

    @Override
    public void close() {
      state.close();
    }
  }
}
