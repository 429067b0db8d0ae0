package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.Resolution;
import dev.registrystreams.core.Resolver;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Answers spliced from the stored bytes are exactly the answers encoded from the decoded entry. */
class StoredEntryTest {

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final long T = 1_764_000_000_000L;

  private static RegistryEntry created(String requestId, Map<String, Object> context) {
    GenerationRequest request =
        GenerationRequest.newBuilder()
            .setRequestId(requestId)
            .setTitle("Stored entry unit")
            .setScope("SEC")
            .setType("POLICY")
            .setContext(ContextValues.toAvro(context))
            .build();
    DedupKey key = DedupKey.of(request.getScope(), request.getType(), request.getTitle());
    Resolution resolution =
        new Resolver(RegistrySchema.defaults())
            .resolve(
                Requests.toInput(request, T, 8),
                key.hex(),
                EntryId.derive(request.getScope(), request.getType(), key),
                null);
    return EntryRecords.toRecord(resolution.entry(), requestId, Outcome.CREATED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "r",
        "a-request-id-of-exactly-sixty-four-bytes-so-its-length-takes-two",
        "ünïcödé-🔑",
        "a request id long enough that its length needs a two-byte varint, well past sixty-three"
      })
  void anAnswerIsTheEncodingOfTheEntryWithItsRequestIdAndOutcomeReplaced(String requestId) {
    RegistryEntry stored =
        created("the-first-request", Map.of("env", "prod", "owners", List.of("a", "b")));
    byte[] storedBytes = ENTRIES.encode(stored);

    byte[] answer = StoredEntry.answer(storedBytes, requestId, Outcome.UNCHANGED);

    RegistryEntry expected = RegistryEntry.newBuilder(stored).build();
    expected.setRequestId(requestId);
    expected.setOutcome(Outcome.UNCHANGED);
    assertThat(answer).isEqualTo(ENTRIES.encode(expected));
    assertThat(ENTRIES.decode(answer)).isEqualTo(expected);
  }

  @Test
  void aLargeEntryIsAnsweredWhole() {
    // Far past any decoder buffer: the splice must take the whole rest of the stored body.
    RegistryEntry stored = created("r-1", Map.of("notes", "n".repeat(200_000)));
    byte[] answer = StoredEntry.answer(ENTRIES.encode(stored), "r-2", Outcome.UNCHANGED);

    RegistryEntry expected = RegistryEntry.newBuilder(stored).build();
    expected.setRequestId("r-2");
    expected.setOutcome(Outcome.UNCHANGED);
    assertThat(answer).isEqualTo(ENTRIES.encode(expected));
  }

  @Test
  void theSummaryIsTheDedupKeyAndContentHash() {
    RegistryEntry stored = created("r-1", Map.of("env", "dev", "nested", Map.of("k", 1L)));

    StoredEntry.Summary summary = StoredEntry.summary(ENTRIES.encode(stored));

    assertThat(summary)
        .isEqualTo(new StoredEntry.Summary(stored.getDedupKey(), stored.getContentHash()));
  }

  @Test
  void bytesOfAnotherSchemaAreRefusedWithAReason() {
    byte[] bytes = ENTRIES.encode(created("r-1", Map.of()));
    byte[] otherFingerprint = Arrays.copyOf(bytes, bytes.length);
    otherFingerprint[5] ^= 0x40;

    assertThatThrownBy(() -> StoredEntry.summary(otherFingerprint))
        .isInstanceOf(SerializationException.class)
        .hasMessage(
            "not a stored RegistryEntry: the bytes do not start with its schema's fingerprint");
    assertThatThrownBy(() -> StoredEntry.summary(Arrays.copyOf(bytes, 40)))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("not a stored RegistryEntry: ");
  }

  @Test
  void theEntryReadFromTheBytesIsTheDecodedOne() {
    Map<String, Object> nested = new java.util.LinkedHashMap<>();
    nested.put("n", null);
    nested.put("d", -0.0);
    nested.put("nan", Double.NaN);
    nested.put("t", true);
    nested.put("f", false);
    nested.put("list", List.of(1L, List.of(), Map.of("k", "ü🔑"), "x".repeat(300)));
    nested.put("empty", Map.of());
    for (Map<String, Object> context :
        List.of(
            Map.<String, Object>of(),
            Map.<String, Object>of("env", "prod", "owners", List.of("a", "b")),
            Map.<String, Object>of("zeta", nested, "alpha", Long.MIN_VALUE, "mid", 1.5))) {
      byte[] bytes = ENTRIES.encode(created("r-1", context));
      StoredEntryView view = new StoredEntryView();
      view.read(bytes);
      assertThat(view.toEntry()).isEqualTo(EntryRecords.toEntry(ENTRIES.decode(bytes)));
    }
  }
}
