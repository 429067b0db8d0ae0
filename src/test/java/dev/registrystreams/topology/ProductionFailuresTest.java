package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.Resolution;
import dev.registrystreams.core.Resolver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/**
 * A refused record is recognised again for as long as requests keep making it, whether by its
 * entry's identity or by its bytes, and forgotten once none has for a while.
 */
class ProductionFailuresTest {

  private static final Duration REMEMBERED_FOR = Duration.ofMinutes(10);
  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);

  private final AtomicLong nanos = new AtomicLong();
  private final ProductionFailures failures = new ProductionFailures(REMEMBERED_FOR, nanos::get);

  @Test
  void aRefusedEntryIsRecognisedByItsDedupKeyAndContentHashAsOftenAsItComes() {
    RegistryEntry refused = created("A refused entry");
    RegistryEntry other = created("Another entry");
    assertThat(failures.any()).isFalse();
    failures.record(ENTRIES.encode(refused), new RecordTooLargeException("big"), "too large");

    assertThat(failures.any()).isTrue();
    String key = refused.getDedupKey();
    String hash = refused.getContentHash();
    assertThat(failures.refusalOfEntry(key, hash)).isEqualTo("too large");
    assertThat(failures.refusalOfEntry(key, hash)).isEqualTo("too large");
    assertThat(failures.refusalOfEntry(key, other.getContentHash())).isNull();
    assertThat(failures.refusalOfEntry(other.getDedupKey(), hash)).isNull();
  }

  @Test
  void otherRecordsAreRecognisedByTheirExactBytes() {
    byte[] letter = "a dead letter".getBytes(StandardCharsets.UTF_8);
    failures.record(letter, new RecordTooLargeException("big"), "refused letter");

    assertThat(failures.refusalOfBytes(letter.clone())).isEqualTo("refused letter");
    assertThat(failures.refusalOfBytes(letter.clone())).isEqualTo("refused letter");
    assertThat(failures.refusalOfBytes("another".getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @Test
  void aRefusalIsForgottenOnlyAfterNoRequestHasMadeTheRecordForTheRememberedTime() {
    byte[] letter = "a dead letter".getBytes(StandardCharsets.UTF_8);
    failures.record(letter, new RecordTooLargeException("big"), "refused letter");

    advance(REMEMBERED_FOR.minusSeconds(1));
    assertThat(failures.refusalOfBytes(letter)).isEqualTo("refused letter");
    advance(REMEMBERED_FOR.minusSeconds(1));
    assertThat(failures.refusalOfBytes(letter)).isEqualTo("refused letter");
    advance(REMEMBERED_FOR.plusSeconds(1));
    assertThat(failures.refusalOfBytes(letter)).isNull();
  }

  @Test
  void aThreadFailureIsCausedByARefusalWhenTheRefusedErrorIsAmongItsCauses() {
    RecordTooLargeException refused = new RecordTooLargeException("message too large");
    failures.record("x".getBytes(StandardCharsets.UTF_8), refused, "too large");

    assertThat(failures.causedBy(new StreamsException("sending failed", refused))).isTrue();
    // The producer may hand the thread a copy of the error rather than the error itself.
    assertThat(
            failures.causedBy(
                new StreamsException(new RecordTooLargeException("message too large"))))
        .isTrue();
    assertThat(failures.causedBy(new StreamsException(new KafkaException("other")))).isFalse();
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  private static RegistryEntry created(String title) {
    GenerationRequest request =
        GenerationRequest.newBuilder()
            .setRequestId("r-1")
            .setTitle(title)
            .setScope("SEC")
            .setType("POLICY")
            .setContext(ContextValues.toAvro(Map.of("env", "prod")))
            .build();
    DedupKey key = DedupKey.of(request.getScope(), request.getType(), request.getTitle());
    Resolution resolution =
        new Resolver(RegistrySchema.defaults())
            .resolve(
                Requests.toInput(request, 1_764_000_000_000L, 8),
                key.hex(),
                EntryId.derive(request.getScope(), request.getType(), key),
                null);
    return EntryRecords.toRecord(resolution.entry(), "r-1", Outcome.CREATED);
  }
}
