package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.RejectionReason;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the topology's intake with raw record values, through the whole topology on a
 * TopologyTestDriver: whatever the bytes, every record yields exactly one answer, an entry on the
 * entries topic or a dead letter on the rejected topic, and nothing throws. A dead letter for an
 * unexpected exception (PROCESSING_ERROR, PRODUCTION_ERROR) counts as a throw.
 *
 * <p>Each input is sent twice, without a key and then with one: the second time finds whatever the
 * first left in the entries store, so the store's read path is fuzzed too. One driver serves every
 * input of a run (a new one per input costs a RocksDB store); what earlier inputs left in the store
 * can therefore matter, and a finding that does not reproduce alone is one of those. See
 * docs/FUZZING.md.
 */
// Per input: a hang is a finding (libFuzzer -timeout when fuzzing, JUnit in regression mode).
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TopologyIntakeFuzzTest {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final byte[] KEY = "fuzz-key".getBytes(StandardCharsets.UTF_8);
  private static final List<String> UNEXPECTED =
      List.of(RejectionReason.PROCESSING_ERROR.name(), RejectionReason.PRODUCTION_ERROR.name());

  private static RegistryTopologyDriver topology;
  private static long second;

  @BeforeAll
  static void start() {
    topology = new RegistryTopologyDriver();
  }

  @AfterAll
  static void stop() {
    topology.close();
  }

  @FuzzTest
  void everyRecordYieldsExactlyOneAnswer(byte[] value) {
    boolean decodable = decodes(value);
    answerOnce(null, value, decodable);
    answerOnce(KEY, value, decodable);
  }

  private static void answerOnce(byte[] key, byte[] value, boolean decodable) {
    topology.sendBytes(key, value, second++);
    List<RegistryEntry> entries = topology.entries();
    List<DeadLetter> letters = topology.deadLetters();
    // Config changes go with some entries; only their records' decoding is checked.
    topology.changes();

    assertThat(entries.size() + letters.size())
        .as("answers to one record: entries %s, dead letters %s", entries, letters)
        .isEqualTo(1);
    if (!letters.isEmpty()) {
      DeadLetter letter = letters.get(0);
      assertThat(letter.getReason())
          .as("dead letter for an unexpected failure: %s", letter.getMessage())
          .isNotIn(UNEXPECTED);
      if (!decodable) {
        assertThat(letter.getReason()).isEqualTo(RejectionReason.UNDECODABLE.name());
      }
    } else {
      assertThat(decodable).as("an entry for bytes that do not decode").isTrue();
    }
  }

  private static boolean decodes(byte[] value) {
    try {
      return REQUESTS.decode(value) != null;
    } catch (SerializationException e) {
      return false;
    }
  }

  /**
   * The corpus's {@code valid-*} seeds are requests encoded with the schema's fingerprint: after a
   * schema change they would no longer decode, and the fuzzer would lose its way past the header.
   * Regenerate them with {@link IntakeSeeds}.
   */
  @Test
  void theValidSeedsStillDecode() throws IOException, URISyntaxException {
    Path dir =
        Path.of(
            TopologyIntakeFuzzTest.class
                .getResource("TopologyIntakeFuzzTestInputs/everyRecordYieldsExactlyOneAnswer")
                .toURI());
    List<Path> valid;
    try (Stream<Path> files = Files.list(dir)) {
      valid = files.filter(f -> f.getFileName().toString().startsWith("valid-")).toList();
    }
    assertThat(valid).isNotEmpty();
    for (Path seed : valid) {
      assertThat(decodes(Files.readAllBytes(seed)))
          .as("%s decodes; if not, regenerate the seeds with IntakeSeeds", seed.getFileName())
          .isTrue();
    }
  }
}
