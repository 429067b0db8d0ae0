package dev.registrystreams.load;

import static dev.registrystreams.topology.RegistryTopologyDriver.START;
import static dev.registrystreams.topology.RegistryTopologyDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.TempStateDriver;
import dev.registrystreams.topology.TopicNames;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's peer on a TopologyTestDriver: the first request of an identity (everything but
 * the request id) is forwarded as it came, every exact repeat is dropped.
 */
class PeerTopologyTest {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final TopicNames TOPICS =
      new TopicNames("peer.requests", "peer.entries", "peer.config-changes", "peer.rejected");
  private static final Map<String, Object> CONTEXT = Map.of("env", "prod", "owner", "platform");

  @Test
  void theFirstRequestOfAnIdentityIsForwardedAndItsRepeatsAreDropped() {
    List<GenerationRequest> sequence =
        List.of(
            request("r1", "GOV", "RULES", "Alpha", CONTEXT),
            request("r2", "GOV", "RULES", "Beta", CONTEXT),
            request("r3", "GOV", "RULES", "Alpha", CONTEXT), // exact repeat
            request("r4", "GOV", "RULES", "Alpha", Map.of("env", "dev")), // changed context
            request("r5", "SEC", "RULES", "Alpha", CONTEXT), // another scope
            request("r6", "GOV", "RULES", "Alpha", Map.of("env", "dev")), // repeat of r4
            request("r7", "GOV", "RULES", "Beta", CONTEXT)); // repeat of r2
    try (Peer p = new Peer()) {
      for (int i = 0; i < sequence.size(); i++) {
        p.requests.pipeInput(
            new TestRecord<>((byte[]) null, REQUESTS.encode(sequence.get(i)), START));
      }

      List<TestRecord<byte[], byte[]>> entries = p.entries.readRecordsToList();
      assertThat(entries)
          .extracting(r -> REQUESTS.decode(r.value()).getRequestId())
          .containsExactly("r1", "r2", "r4", "r5");
      assertThat(entries.get(0).value()).isEqualTo(REQUESTS.encode(sequence.get(0)));
      assertThat(p.driver.producedTopicNames())
          .doesNotContain(TOPICS.configChanges(), TOPICS.rejected());
    }
  }

  @Test
  void anAnswerCarriesTheRequestsSendTimeHeaderAndTimestamp() {
    byte[] sentNanos = ByteBuffer.allocate(8).putLong(123_456_789L).array();
    try (Peer p = new Peer()) {
      RecordHeaders headers = new RecordHeaders();
      headers.add(PacedSender.SENT_NANOS_HEADER, sentNanos);
      p.requests.pipeInput(
          new TestRecord<>(
              (byte[]) null,
              REQUESTS.encode(request("r1", "Access review", CONTEXT)),
              headers,
              START.plusSeconds(7)));

      TestRecord<byte[], byte[]> entry = p.entries.readRecord();
      assertThat(entry.headers().lastHeader(PacedSender.SENT_NANOS_HEADER).value())
          .isEqualTo(sentNanos);
      assertThat(entry.getRecordTime()).isEqualTo(START.plusSeconds(7));
    }
  }

  /** The peer over RocksDB under exactly-once. */
  private static final class Peer implements AutoCloseable {
    private final TempStateDriver state =
        new TempStateDriver("peer-test", new PeerTopology(TOPICS).build(), Map.of());
    final TopologyTestDriver driver = state.driver();
    final TestInputTopic<byte[], byte[]> requests;
    final TestOutputTopic<byte[], byte[]> entries;

    Peer() {
      requests =
          driver.createInputTopic(
              TOPICS.requests(), new ByteArraySerializer(), new ByteArraySerializer());
      entries =
          driver.createOutputTopic(
              TOPICS.entries(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
      state.close();
    }
  }
}
