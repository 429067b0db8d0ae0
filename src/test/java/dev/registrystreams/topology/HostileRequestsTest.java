package dev.registrystreams.topology;

import static dev.registrystreams.topology.RegistryTopologyDriver.START;
import static dev.registrystreams.topology.RegistryTopologyDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests whose bytes lie: malformed UTF-8, bytes after the record, producer headers that must not
 * travel on. Each is refused or stripped, and never merged with a real title.
 */
class HostileRequestsTest {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final String MARK = "QQQ";

  static Stream<Arguments> malformedUtf8() {
    return Stream.of(
        Arguments.of("FF", new byte[] {(byte) 0xFF, 'a', 'b'}),
        Arguments.of("FE", new byte[] {(byte) 0xFE, 'a', 'b'}),
        Arguments.of(
            "a lone surrogate's encoding", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
        Arguments.of("a truncated sequence", new byte[] {'a', (byte) 0xE2, (byte) 0x82}),
        Arguments.of("an overlong encoding", new byte[] {(byte) 0xC0, (byte) 0xAF, 'a'}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedUtf8")
  void aTitleThatIsNotUtf8IsDeadLetteredNotReplaced(String kind, byte[] bytes) {
    try (RegistryTopologyDriver t = new RegistryTopologyDriver()) {
      t.sendBytes(null, withTitleBytes("Title " + MARK, bytes), 0);
      t.send(request("good", "Title \uFFFD", Map.of()), 1);

      List<DeadLetter> letters = t.deadLetters();
      assertThat(letters).hasSize(1);
      assertThat(letters.get(0).getReason()).isEqualTo("INVALID_UTF8");
      assertThat(letters.get(0).getMessage())
          .isEqualTo("title is not valid UTF-8: it holds bytes that encode no character");
      // A title that really holds U+FFFD is valid, and is its own entry.
      assertThat(t.entries()).extracting(RegistryEntry::getRequestId).containsExactly("good");
    }
  }

  @Test
  void threeMalformedTitlesAreThreeDeadLettersNotOneEntry() {
    try (RegistryTopologyDriver t = new RegistryTopologyDriver()) {
      t.sendBytes(null, withTitleBytes("T " + MARK, new byte[] {(byte) 0xFF, 'x', 'y'}), 0);
      t.sendBytes(null, withTitleBytes("T " + MARK, new byte[] {(byte) 0xFE, 'x', 'y'}), 1);
      t.sendBytes(
          null, withTitleBytes("T " + MARK, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), 2);

      assertThat(t.entries()).isEmpty();
      assertThat(t.deadLetters()).extracting(DeadLetter::getReason).containsOnly("INVALID_UTF8");
    }
  }

  @Test
  void aContextValueThatIsNotUtf8NamesTheContext() {
    GenerationRequest request = request("r", "A title", Map.of("note", MARK));
    byte[] raw = patch(REQUESTS.encode(request), new byte[] {'o', (byte) 0xFF, 'k'});
    try (RegistryTopologyDriver t = new RegistryTopologyDriver()) {
      t.sendBytes(null, raw, 0);

      DeadLetter letter = t.deadLetters().get(0);
      assertThat(letter.getReason()).isEqualTo("INVALID_UTF8");
      assertThat(letter.getMessage()).startsWith("context is not valid UTF-8");
    }
  }

  @Test
  void bytesAfterAValidRequestMakeItUndecodable() {
    byte[] valid = REQUESTS.encode(request("r", "A title", Map.of()));
    byte[] trailing = Arrays.copyOf(valid, valid.length + 3);
    try (RegistryTopologyDriver t = new RegistryTopologyDriver()) {
      t.sendBytes(null, trailing, 0);
      t.send(request("next", "A title", Map.of()), 1);

      DeadLetter letter = t.deadLetters().get(0);
      assertThat(letter.getReason()).isEqualTo("UNDECODABLE");
      assertThat(letter.getMessage())
          .isEqualTo(
              "not a single-object encoded GenerationRequest: bytes follow the end of the record");
      assertThat(letter.getOriginalValue().remaining()).isEqualTo(trailing.length);
      assertThat(t.entries()).extracting(RegistryEntry::getRequestId).containsExactly("next");
    }
  }

  @Test
  void noProducerHeaderReachesAnyOutput() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("authorization", "Bearer s3cr3t-t0ken".getBytes(StandardCharsets.UTF_8));
    headers.add("huge", new byte[900_000]);
    try (RegistryTopologyDriver t = new RegistryTopologyDriver()) {
      byte[] good = REQUESTS.encode(request("good", "A title", Map.of("env", "prod")));
      byte[] bad = REQUESTS.encode(request("bad", "NOPE", "RULES", "A title", Map.of()));
      t.requests.pipeInput(new TestRecord<>(null, good, headers, START));
      t.requests.pipeInput(new TestRecord<>(null, bad, headers, START.plusSeconds(1)));

      for (String topic :
          List.of(
              TopicNames.DEFAULT_ENTRIES,
              TopicNames.DEFAULT_CONFIG_CHANGES,
              TopicNames.DEFAULT_REJECTED)) {
        List<TestRecord<byte[], byte[]>> records = t.readRaw(topic);
        assertThat(records).as(topic).hasSize(1);
        assertThat(records.get(0).headers().toArray()).as(topic).isEmpty();
      }
    }
  }

  @Test
  void onlyTheHeadersAnOperatorAllowedTravelOn() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("authorization", "Bearer s3cr3t-t0ken".getBytes(StandardCharsets.UTF_8));
    headers.add("trace-id", "4bf92f35".getBytes(StandardCharsets.UTF_8));
    try (RegistryTopologyDriver t =
        new RegistryTopologyDriver(Map.of(ForwardedHeaders.CONFIG, "trace-id, other"))) {
      byte[] good = REQUESTS.encode(request("good", "A title", Map.of("env", "prod")));
      t.requests.pipeInput(new TestRecord<>(null, good, headers, START));

      for (String topic : List.of(TopicNames.DEFAULT_ENTRIES, TopicNames.DEFAULT_CONFIG_CHANGES)) {
        TestRecord<byte[], byte[]> record = t.readRaw(topic).get(0);
        assertThat(record.headers().toArray()).as(topic).hasSize(1);
        assertThat(record.headers().lastHeader("trace-id").value())
            .isEqualTo("4bf92f35".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** A request titled {@code title}, whose {@link #MARK} is replaced by {@code bytes}. */
  private static byte[] withTitleBytes(String title, byte[] bytes) {
    return patch(REQUESTS.encode(request("r-" + Arrays.hashCode(bytes), title, Map.of())), bytes);
  }

  /** {@code encoded} with its one occurrence of {@link #MARK} replaced by as many other bytes. */
  private static byte[] patch(byte[] encoded, byte[] bytes) {
    byte[] mark = MARK.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + mark.length <= encoded.length; i++) {
      if (Arrays.equals(encoded, i, i + mark.length, mark, 0, mark.length)) {
        byte[] out = encoded.clone();
        System.arraycopy(bytes, 0, out, i, bytes.length);
        return out;
      }
    }
    throw new IllegalArgumentException("no mark in the request");
  }
}
