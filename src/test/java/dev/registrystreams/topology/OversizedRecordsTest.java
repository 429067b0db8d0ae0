package dev.registrystreams.topology;

import static dev.registrystreams.topology.RegistryTopologyDriver.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.ContentHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * No record the topology forwards is larger than its producer may send: a request or an answer that
 * would be is dead-lettered, and a dead letter too large to carry its request whole carries it cut,
 * with its size and SHA-256. The records behind it are answered as usual.
 */
class OversizedRecordsTest {

  private static final int LIMIT = 20_000;
  private static final Map<String, Object> SMALL_PRODUCER =
      Map.of(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), LIMIT);
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final AvroSerde<DeadLetter> LETTERS = AvroSerde.of(DeadLetter.class);

  @Test
  void anAnswerTheBrokerRefusedIsDeadLetteredEveryTimeItsRequestComesAgain() {
    ProductionFailures failures = new ProductionFailures();
    try (RegistryTopologyDriver t =
        new RegistryTopologyDriver(Map.of(ProductionFailures.CONFIG, failures))) {
      GenerationRequest big = request("big", "A large answer", Map.of("notes", "x".repeat(6000)));
      t.send(big, 0);
      List<TestRecord<byte[], byte[]>> answers = t.readRaw(TopicNames.defaults().entries());
      assertThat(answers).hasSize(1);
      // What the production exception handler remembers when the broker refuses that answer.
      String why = "could not write a record to registry.entries: RecordTooLargeException: big";
      failures.record(answers.get(0).value(), new RecordTooLargeException("big"), why);

      // At least once the store keeps the entry, and the request comes back from the last commit:
      // once from the repartition topic's committed offset and once more when the upstream task,
      // gone back to its own commit, forwards it again.
      t.send(big, 0);
      t.send(big, 0);
      t.send(request("next", "Another title", Map.of()), 1);

      assertThat(t.deadLetters())
          .extracting(DeadLetter::getRequestId, DeadLetter::getReason, DeadLetter::getMessage)
          .containsExactly(
              tuple("big", "PRODUCTION_ERROR", why), tuple("big", "PRODUCTION_ERROR", why));
      assertThat(t.entries()).extracting(RegistryEntry::getRequestId).containsExactly("next");
    }
  }

  @Test
  void aValidRequestWhoseAnswerOutgrowsTheLimitIsDeadLetteredAndChangesNothing() {
    // Empty strings cost nothing against maxContextBytes, but each is a line of YAML.
    List<Object> empties = new ArrayList<>(Collections.nCopies(4_000, ""));
    try (RegistryTopologyDriver t = new RegistryTopologyDriver(SMALL_PRODUCER)) {
      t.send(request("huge", "Many empty notes", Map.of("notes", empties)), 0);
      t.send(request("small", "Many empty notes", Map.of("notes", List.of(""))), 1);
      t.send(request("next", "Another title", Map.of()), 2);

      DeadLetter letter = t.deadLetters().get(0);
      assertThat(letter.getReason()).isEqualTo("ANSWER_TOO_LARGE");
      assertThat(letter.getRequestId()).isEqualTo("huge");
      assertThat(letter.getMessage())
          .startsWith("the entry would be ")
          .endsWith(
              " bytes, more than the 20000 bytes a record to registry.entries may have"
                  + " (max.request.size, max.message.bytes)");
      // The refused answer was never stored: the same title is still new.
      List<RegistryEntry> entries = t.entries();
      assertThat(entries).extracting(RegistryEntry::getRequestId).containsExactly("small", "next");
      assertThat(entries.get(0).getOutcome()).isEqualTo(Outcome.CREATED);
      assertThat(entries.get(0).getRevision()).isEqualTo(1);
    }
  }

  @Test
  void aRequestTooLargeToForwardIsDeadLetteredCutWithItsSizeAndHash() {
    GenerationRequest big = request("big", "A big context", Map.of("blob", "x".repeat(30_000)));
    byte[] raw = REQUESTS.encode(big);
    // 30,000 bytes of context are within the 64 KiB limit: only the record size refuses it.
    try (RegistryTopologyDriver t = new RegistryTopologyDriver(SMALL_PRODUCER)) {
      t.sendBytes("k".getBytes(StandardCharsets.UTF_8), raw, 0);
      t.send(request("next", "Another title", Map.of()), 1);

      List<TestRecord<byte[], byte[]>> letters = t.readRaw(TopicNames.DEFAULT_REJECTED);
      assertThat(letters).hasSize(1);
      TestRecord<byte[], byte[]> record = letters.get(0);
      assertThat(record.key().length + record.value().length).isLessThanOrEqualTo(LIMIT);
      DeadLetter letter = LETTERS.decode(record.value());
      assertThat(letter.getReason()).isEqualTo("REQUEST_TOO_LARGE");
      assertThat(letter.getMessage())
          .matches(
              "the request is \\d+ bytes as the application forwards it, more than the 20000"
                  + " bytes a record to registry-streams-test-requests-by-dedup-key-repartition"
                  + " may have \\(max.request.size, max.message.bytes\\)");
      assertCutCopyOf(letter, raw);
      assertThat(t.entries()).extracting(RegistryEntry::getRequestId).containsExactly("next");
    }
  }

  @Test
  void aDeadLetterTooLargeToCarryItsRequestWholeCarriesItCut() {
    // An unknown scope is refused before its size matters; its letter still has to fit.
    GenerationRequest bad =
        request("bad", "NOPE", "RULES", "A title", Map.of("blob", "z".repeat(40_000)));
    byte[] raw = REQUESTS.encode(bad);
    try (RegistryTopologyDriver t = new RegistryTopologyDriver(SMALL_PRODUCER)) {
      t.sendBytes("k".getBytes(StandardCharsets.UTF_8), raw, 0);

      TestRecord<byte[], byte[]> record = t.readRaw(TopicNames.DEFAULT_REJECTED).get(0);
      assertThat(record.key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
      assertThat(record.value().length + OutputLimits.RECORD_OVERHEAD + 1)
          .isLessThanOrEqualTo(LIMIT);
      DeadLetter letter = LETTERS.decode(record.value());
      assertThat(letter.getReason()).isEqualTo("UNKNOWN_SCOPE");
      assertThat(letter.getRequestId()).isEqualTo("bad");
      assertCutCopyOf(letter, raw);
      assertThat(letter.getOriginalKey()).isEqualTo(ByteBuffer.wrap("k".getBytes()));
      assertThat(letter.getOriginalKeySize()).isNull();
    }
  }

  @Test
  void aKeyTooLargeToKeyTheDeadLetterIsCarriedCutInsideIt() {
    // Too large to be the record's key beside its letter, and too large to be carried whole.
    byte[] key = new byte[19_800];
    Arrays.fill(key, (byte) 'q');
    byte[] raw = REQUESTS.encode(request("keyed", "NOPE", "RULES", "A title", Map.of()));
    try (RegistryTopologyDriver t = new RegistryTopologyDriver(SMALL_PRODUCER)) {
      t.sendBytes(key, raw, 0);

      TestRecord<byte[], byte[]> record = t.readRaw(TopicNames.DEFAULT_REJECTED).get(0);
      assertThat(record.key()).isNull();
      DeadLetter letter = LETTERS.decode(record.value());
      assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(raw));
      assertThat(letter.getOriginalValueSize()).isNull();
      assertThat(letter.getOriginalKeySize()).isEqualTo(key.length);
      assertThat(letter.getOriginalKeySha256()).isEqualTo(ContentHash.sha256Hex(key));
      byte[] carried = Buffers.toArray(letter.getOriginalKey());
      assertThat(carried.length).isPositive().isLessThan(key.length);
      assertThat(carried).isEqualTo(Arrays.copyOf(key, carried.length));
    }
  }

  private static void assertCutCopyOf(DeadLetter letter, byte[] whole) {
    byte[] carried = Buffers.toArray(letter.getOriginalValue());
    assertThat(letter.getOriginalValueSize()).isEqualTo(whole.length);
    assertThat(letter.getOriginalValueSha256()).isEqualTo(ContentHash.sha256Hex(whole));
    assertThat(carried.length).isPositive().isLessThan(whole.length);
    assertThat(carried).isEqualTo(Arrays.copyOf(whole, carried.length));
  }
}
