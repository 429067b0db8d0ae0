package dev.registrystreams.topology;

import static dev.registrystreams.topology.RegistryTopologyDriver.START;
import static dev.registrystreams.topology.RegistryTopologyDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryId;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dead-letter reason, and that a bad record never stops the records behind it, run once per
 * durable tier of the entries store by a subclass: {@link DeadLetterTest} (RocksDB) and {@link
 * DeadLetterRedisIT}. Entry-id collisions and a corrupted stored entry go through the store.
 */
abstract class DeadLetterContract {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final byte[] KEY = "producer-key".getBytes(StandardCharsets.UTF_8);

  /** The durable tier the entries store is built on, registered as an extension by a subclass. */
  abstract EntriesTier tier();

  /** The topology over {@link #tier()}. */
  RegistryTopologyDriver driver() {
    return new RegistryTopologyDriver(tier(), true);
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
        Arguments.of("MISSING_REQUEST_ID", request(" ", "A title", Map.of())),
        Arguments.of("REQUEST_ID_TOO_LONG", request("r".repeat(129), "A title", Map.of())),
        Arguments.of("UNKNOWN_SCOPE", request("r", "MARKETING", "RULES", "A title", Map.of())),
        Arguments.of("UNKNOWN_SCOPE", request("r", "gov", "RULES", "A title", Map.of())),
        Arguments.of("UNKNOWN_TYPE", request("r", "GOV", "MEMO", "A title", Map.of())),
        Arguments.of("TITLE_EMPTY", request("r", " \t\n ", Map.of())),
        Arguments.of("TITLE_TOO_LONG", request("r", "x".repeat(513), Map.of())),
        Arguments.of("TITLE_INVALID_CHARACTER", request("r", "bell \u0007", Map.of())),
        Arguments.of("TITLE_INVALID_CHARACTER", request("r", "carriage\rreturn", Map.of())),
        Arguments.of("TITLE_INVALID_CHARACTER", request("r", "trojan \u202Esource", Map.of())),
        Arguments.of(
            "CONTEXT_TOO_LARGE", request("r", "A title", Map.of("blob", "x".repeat(70_000)))),
        Arguments.of("CONTEXT_TOO_DEEP", request("r", "A title", nested(9))),
        Arguments.of("INVALID_VERSION", withVersion("2.9")),
        Arguments.of("UNKNOWN_STATUS", withStatus("MANDATORY")));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalidRequests")
  void anInvalidRequestIsDeadLetteredWithItsReasonAndOrigin(String reason, GenerationRequest bad) {
    try (RegistryTopologyDriver t = driver()) {
      t.sendBytes(KEY, REQUESTS.encode(bad), 0);
      t.send(request("good", "A good title", Map.of()), 1);

      TestRecord<byte[], DeadLetter> record = t.rejected.readRecord();
      DeadLetter letter = record.value();
      assertThat(record.key()).isEqualTo(KEY);
      assertThat(letter.getReason()).isEqualTo(reason);
      assertThat(letter.getMessage()).isNotBlank().doesNotContain("\n");
      assertThat(letter.getRequestId()).isEqualTo(bad.getRequestId());
      assertThat(letter.getSourceTopic()).isEqualTo(TopicNames.DEFAULT_REQUESTS);
      assertThat(letter.getSourcePartition()).isZero();
      assertThat(letter.getSourceOffset()).isZero();
      assertThat(letter.getRejectedAt()).isEqualTo(START);
      assertThat(Buffers.toArray(letter.getOriginalKey())).isEqualTo(KEY);
      assertThat(REQUESTS.decode(Buffers.toArray(letter.getOriginalValue()))).isEqualTo(bad);
      assertThat(t.rejected.isEmpty()).isTrue();

      assertThat(t.entries())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getRequestId()).isEqualTo("good");
                assertThat(e.getOutcome()).isEqualTo(Outcome.CREATED);
              });
    }
  }

  @Test
  void messagesSayWhatIsWrong() {
    try (RegistryTopologyDriver t = driver()) {
      t.send(request("a", "x".repeat(513), Map.of()), 0);
      t.send(request("b", "MARKETING", "RULES", "A title", Map.of()), 0);
      t.send(request("c", "bell \u0007", Map.of()), 0);

      List<DeadLetter> letters = t.deadLetters();
      assertThat(letters.get(0).getMessage()).contains("513").contains("512");
      assertThat(letters.get(1).getMessage()).contains("MARKETING").contains("GOV");
      assertThat(letters.get(2).getMessage()).contains("U+0007");
    }
  }

  @Test
  void undecodableBytesAreDeadLetteredAsTheyCame() {
    byte[] garbage = "{\"title\": \"json, not avro\"}".getBytes(StandardCharsets.UTF_8);
    byte[] truncated = REQUESTS.encode(request("r", "A title", Map.of("env", "prod")));
    truncated = java.util.Arrays.copyOf(truncated, truncated.length - 3);
    try (RegistryTopologyDriver t = driver()) {
      t.sendBytes(KEY, garbage, 0);
      t.sendBytes(KEY, truncated, 1);
      t.sendBytes(KEY, null, 2);
      t.send(request("good", "A good title", Map.of()), 3);

      List<DeadLetter> letters = t.deadLetters();
      assertThat(letters).extracting(DeadLetter::getReason).containsOnly("UNDECODABLE");
      assertThat(letters).extracting(DeadLetter::getSourceOffset).containsExactly(0L, 1L, 2L);
      assertThat(letters).extracting(DeadLetter::getRequestId).containsOnlyNulls();
      assertThat(Buffers.toArray(letters.get(0).getOriginalValue())).isEqualTo(garbage);
      assertThat(Buffers.toArray(letters.get(1).getOriginalValue())).isEqualTo(truncated);
      assertThat(letters.get(2).getOriginalValue()).isNull();
      assertThat(letters.get(2).getMessage()).isEqualTo("the record has no value");
      assertThat(t.entries()).extracting(RegistryEntry::getRequestId).containsExactly("good");
    }
  }

  @Test
  void aRejectedRequestCarriesItsSecretsMasked() {
    try (RegistryTopologyDriver t = driver()) {
      t.sendBytes(
          KEY,
          REQUESTS.encode(
              request("r", "MARKETING", "RULES", "A title", Map.of("api_token", "tok-42"))),
          0);

      DeadLetter letter = t.rejected.readValue();
      GenerationRequest carried = REQUESTS.decode(Buffers.toArray(letter.getOriginalValue()));
      assertThat(carried.getContext().get("api_token").getValue()).isEqualTo("******");
      assertThat(
              new String(Buffers.toArray(letter.getOriginalValue()), StandardCharsets.ISO_8859_1))
          .doesNotContain("tok-42");
    }
  }

  /**
   * Two titles whose 128-bit dedup keys differ but whose 50-bit entry ids are equal, found once by
   * searching 2^26 titles; the first assertions prove they still collide.
   */
  @Test
  void twoKeysThatShareAnEntryIdAreNeverMerged() {
    String first = "collision probe 1853250";
    String second = "collision probe 63965942";
    DedupKey firstKey = DedupKey.of("GOV", "RULES", first);
    DedupKey secondKey = DedupKey.of("GOV", "RULES", second);
    assertThat(firstKey).isNotEqualTo(secondKey);
    assertThat(EntryId.derive("GOV", "RULES", firstKey))
        .isEqualTo(EntryId.derive("GOV", "RULES", secondKey));

    try (RegistryTopologyDriver t = driver()) {
      t.send(request("r1", first, Map.of()), 0);
      t.sendBytes(KEY, REQUESTS.encode(request("r2", second, Map.of())), 1);
      t.send(request("r3", first, Map.of()), 2);

      assertThat(t.entries())
          .extracting(RegistryEntry::getRequestId, RegistryEntry::getOutcome)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("r1", Outcome.CREATED),
              org.assertj.core.groups.Tuple.tuple("r3", Outcome.UNCHANGED));
      DeadLetter letter = t.rejected.readValue();
      assertThat(letter.getReason()).isEqualTo("ID_COLLISION");
      assertThat(letter.getRequestId()).isEqualTo("r2");
      assertThat(letter.getMessage()).contains(firstKey.hex()).contains(secondKey.hex());
      assertThat(letter.getSourceTopic()).isEqualTo(TopicNames.DEFAULT_REQUESTS);
      assertThat(letter.getSourceOffset()).isEqualTo(1);
      assertThat(Buffers.toArray(letter.getOriginalKey())).isEqualTo(KEY);
    }
  }

  @Test
  void aRecordThatFailsUnexpectedlyIsDeadLetteredAndProcessingGoesOn() {
    try (RegistryTopologyDriver t = driver()) {
      t.send(request("r1", "A title", Map.of("env", "prod")), 0);
      RegistryEntry created = t.entries.readValue();
      // A stored entry whose header part is no longer a token: resolving an update against it
      // fails.
      RegistryEntry corrupted =
          RegistryEntry.newBuilder(created).setVariant("NOT [A] TOKEN").build();
      t.driver
          .<String, byte[]>getKeyValueStore(RegistryTopology.ENTRIES_STORE)
          .put(created.getId(), AvroSerde.of(RegistryEntry.class).encode(corrupted));

      t.sendBytes(
          KEY,
          REQUESTS.encode(request("r2", "A title", Map.of("env", "dev", "api_key", "k-1"))),
          1);
      t.send(request("r3", "Another title", Map.of()), 2);

      DeadLetter letter = t.rejected.readValue();
      assertThat(letter.getReason()).isEqualTo("PROCESSING_ERROR");
      assertThat(letter.getRequestId()).isEqualTo("r2");
      assertThat(letter.getMessage())
          .startsWith("processing failed in resolve: IllegalArgumentException");
      assertThat(letter.getSourceTopic()).isEqualTo(TopicNames.DEFAULT_REQUESTS);
      assertThat(letter.getSourceOffset()).isEqualTo(1);
      assertThat(Buffers.toArray(letter.getOriginalKey())).isEqualTo(KEY);
      GenerationRequest carried = REQUESTS.decode(Buffers.toArray(letter.getOriginalValue()));
      assertThat(carried.getContext().get("api_key").getValue()).isEqualTo("******");
      assertThat(t.entries())
          .extracting(RegistryEntry::getRequestId, RegistryEntry::getOutcome)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("r3", Outcome.CREATED));
    }
  }

  private static GenerationRequest withVersion(String version) {
    GenerationRequest r = request("r", "A title", Map.of());
    r.setVersion(version);
    return r;
  }

  private static GenerationRequest withStatus(String status) {
    GenerationRequest r = request("r", "A title", Map.of());
    r.setStatus(status);
    return r;
  }

  private static Map<String, Object> nested(int depth) {
    Map<String, Object> node = Map.of("leaf", 1L);
    for (int i = 1; i < depth; i++) {
      Map<String, Object> parent = new HashMap<>();
      parent.put("n", node);
      node = parent;
    }
    return node;
  }
}
