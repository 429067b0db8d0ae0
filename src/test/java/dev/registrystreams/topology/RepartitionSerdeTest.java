package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.internal.AcceptedRequest;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.load.MixedWorkload;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * An accepted request written with its request's bytes as they came decodes to exactly the record
 * the full encoding decodes to.
 */
class RepartitionSerdeTest {

  private static final AvroSerde<AcceptedRequest> ACCEPTED = AvroSerde.of(AcceptedRequest.class);
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final RepartitionSerde SERDE = new RepartitionSerde();
  private static final MaskedRequests MASKED =
      new MaskedRequests(RegistrySchema.defaults().secretMasker());

  @Test
  void everyAcceptedRequestOfAMixedWorkloadReadsBackAsIfEncodedInFull() {
    List<WorkloadRequest> workload =
        MixedWorkload.generate(new MixedWorkload.Shape(400, 400, 200, 60, 3), "serde").requests();
    DecodeAndValidate intake =
        new DecodeAndValidate(RegistrySchema.defaults(), TopicNames.DEFAULT_REJECTED);
    MockProcessorContext<String, Step<RepartitionedRequest>> context = new MockProcessorContext<>();
    intake.init(context);
    int spliced = 0;
    int offset = 0;
    for (WorkloadRequest request : workload) {
      long sourceOffset = Long.MAX_VALUE - offset++;
      context.setRecordMetadata("requests-ünicode", 7, sourceOffset);
      intake.process(new Record<>(request.key(), request.value(), 1_795_000_000_000L));
      Step<RepartitionedRequest> step = context.forwarded().get(0).record().value();
      context.resetForwards();
      if (step instanceof Step.Next<RepartitionedRequest> next) {
        RepartitionedRequest accepted = next.value();
        AcceptedRequest expected =
            new AcceptedRequest(
                // The request that arrived, decoded on its own and masked.
                MASKED.mask(REQUESTS.decode(request.value()), null),
                accepted.entryId(),
                request.key() == null ? null : ByteBuffer.wrap(request.key()),
                "requests-ünicode",
                7,
                sourceOffset);
        spliced += accepted.spliced() ? 1 : 0;
        assertSameRecord(accepted, expected);
      }
    }
    // Masked or not, every accepted request crosses in the bytes it came in.
    assertThat(spliced).isGreaterThan(900);
  }

  @Test
  void theFieldsAfterTheRequestAreWrittenAsAvroWritesThem() {
    GenerationRequest request =
        RegistryTopologyDriver.request(
            "r-1", "Serde title", Map.of("n", List.of(1L, 2.5, true, Map.of("k", "v"))));
    byte[] encoded = REQUESTS.encode(request);
    for (byte[] key : new byte[][] {null, new byte[0], "k".repeat(300).getBytes()}) {
      for (long offset : new long[] {0, 1, -1, 63, 64, Long.MAX_VALUE, Long.MIN_VALUE}) {
        int partition = (int) (offset % 70);
        RepartitionedRequest accepted =
            RepartitionedRequest.spliced(
                encoded,
                "SEC-POLICY-ABCDEFGHJK",
                new Origin(key, "t", partition, offset, 1_795_000_000_000L));
        AcceptedRequest expected =
            new AcceptedRequest(
                REQUESTS.decode(encoded),
                "SEC-POLICY-ABCDEFGHJK",
                key == null ? null : ByteBuffer.wrap(key),
                "t",
                partition,
                offset);
        assertThat(accepted.spliced()).isTrue();
        // One context entry per map here, so the full encoding keeps the same order.
        assertThat(SERDE.serializer().serialize("t", accepted))
            .isEqualTo(ACCEPTED.encode(expected));
        assertSameRecord(accepted, expected);
      }
    }
  }

  /** What is written for {@code accepted} reads back as {@code expected} encoded in full does. */
  private static void assertSameRecord(RepartitionedRequest accepted, AcceptedRequest expected) {
    byte[] spliced = SERDE.serializer().serialize("topic", accepted);
    byte[] full = ACCEPTED.encode(expected);
    AcceptedRequest fromSpliced = SERDE.deserializer().deserialize("topic", spliced).record();
    assertThat(fromSpliced).isEqualTo(ACCEPTED.decode(full));
    // And in the same map order, which what is written from it downstream follows.
    assertThat(ACCEPTED.encode(fromSpliced)).isEqualTo(ACCEPTED.encode(ACCEPTED.decode(full)));
  }
}
