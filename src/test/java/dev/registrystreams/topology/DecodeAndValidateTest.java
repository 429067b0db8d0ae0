package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.load.MixedWorkload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * The intake reading an accepted request in its bytes against decoding every request: on the same
 * records both forward the same keys, headers, bytes and dead letters.
 */
class DecodeAndValidateTest {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final AvroSerde<DeadLetter> LETTERS = AvroSerde.of(DeadLetter.class);

  @Test
  void readingAsArrivedForwardsWhatDecodingForwards() {
    List<byte[]> values = new ArrayList<>();
    MixedWorkload.generate(new MixedWorkload.Shape(400, 400, 200, 60, 5), "intake")
        .requests()
        .stream()
        .map(WorkloadRequest::value)
        .forEach(values::add);
    values.addAll(edgeCases());
    Intake fast = new Intake(true);
    Intake slow = new Intake(false);
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < values.size(); i++) {
      Record<byte[], byte[]> record =
          new Record<>(
              i % 3 == 0 ? null : ("k" + i).getBytes(StandardCharsets.UTF_8),
              values.get(i),
              1_795_000_000_000L + i,
              new RecordHeaders().add("traceparent", "00-t".getBytes(StandardCharsets.UTF_8)));
      Record<String, Step<RepartitionedRequest>> one = fast.process(record, i);
      Record<String, Step<RepartitionedRequest>> other = slow.process(record, i);
      assertThat(one.key()).isEqualTo(other.key());
      assertThat(one.timestamp()).isEqualTo(other.timestamp());
      assertThat(one.headers()).isEqualTo(other.headers());
      if (one.value() instanceof Step.Next<RepartitionedRequest> next) {
        Step.Next<RepartitionedRequest> expected = (Step.Next<RepartitionedRequest>) other.value();
        assertThat(next.value().bytes()).isEqualTo(expected.value().bytes());
        assertThat(next.value().entryId()).isEqualTo(expected.value().entryId());
        accepted++;
      } else {
        Step.Reject<RepartitionedRequest> reject = (Step.Reject<RepartitionedRequest>) one.value();
        Step.Reject<RepartitionedRequest> expected =
            (Step.Reject<RepartitionedRequest>) other.value();
        assertThat(reject.key()).isEqualTo(expected.key());
        assertThat(LETTERS.encode(reject.letter())).isEqualTo(LETTERS.encode(expected.letter()));
        rejected++;
      }
    }
    assertThat(rejected).isGreaterThan(10);
    // A quarter of the workload's titles carry a secret: those are masked, so decoded.
    assertThat(fast.intake.forwardedAsArrived()).isGreaterThan(accepted / 2).isLessThan(accepted);
    assertThat(slow.intake.forwardedAsArrived()).isZero();
  }

  /** Requests at the edges of what the intake accepts: each must take the same way either side. */
  private static List<byte[]> edgeCases() {
    List<byte[]> values = new ArrayList<>();
    Map<String, Object> deep = Map.of("a", Map.of("b", Map.of("c", Map.of("d", List.of(1L)))));
    for (Map<String, Object> context :
        List.of(
            Map.<String, Object>of("env", "prod"),
            deep,
            Map.<String, Object>of("note", "\uFFFD is a character too"),
            Map.<String, Object>of("nested", Map.of("apiToken", "t0k3n")),
            Map.<String, Object>of("big", "x".repeat(70_000)))) {
      values.add(REQUESTS.encode(RegistryTopologyDriver.request("r-edge", "Edge case", context)));
    }
    GenerationRequest unknownType = RegistryTopologyDriver.request("r-t", "Type", Map.of());
    unknownType.setType("NOPE");
    values.add(REQUESTS.encode(unknownType));
    GenerationRequest badStatus = RegistryTopologyDriver.request("r-s", "Status", Map.of());
    badStatus.setStatus("MAYBE");
    values.add(REQUESTS.encode(badStatus));
    byte[] valid = REQUESTS.encode(RegistryTopologyDriver.request("r-v", "Valid", Map.of()));
    values.add(Arrays.copyOf(valid, valid.length + 1));
    values.add(Arrays.copyOf(valid, valid.length - 1));
    return values;
  }

  /** One intake and the context it forwards to. */
  private static final class Intake {
    final DecodeAndValidate intake;
    final MockProcessorContext<String, Step<RepartitionedRequest>> context =
        new MockProcessorContext<>();

    Intake(boolean readsAsArrived) {
      intake =
          new DecodeAndValidate(
              RegistrySchema.defaults(), TopicNames.DEFAULT_REJECTED, readsAsArrived);
      intake.init(context);
    }

    Record<String, Step<RepartitionedRequest>> process(Record<byte[], byte[]> record, int offset) {
      context.setRecordMetadata(TopicNames.DEFAULT_REQUESTS, 2, offset);
      intake.process(record);
      assertThat(context.forwarded()).hasSize(1);
      var forwarded = context.forwarded().get(0).record();
      context.resetForwards();
      return new Record<>(
          forwarded.key(), forwarded.value(), forwarded.timestamp(), forwarded.headers());
    }
  }
}
