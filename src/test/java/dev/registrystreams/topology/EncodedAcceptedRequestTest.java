package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.registrystreams.avro.ContextValue;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.internal.AcceptedRequest;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.load.MixedWorkload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * The fields {@link EncodedAcceptedRequest} finds are the decoded record's (its context's range is
 * held to the decoded context by {@code EncodedContextsTest}).
 */
class EncodedAcceptedRequestTest {

  private static final AvroSerde<AcceptedRequest> ACCEPTED = AvroSerde.of(AcceptedRequest.class);
  private static final byte[] ENV = "env".getBytes(StandardCharsets.UTF_8);
  private static final long TIMESTAMP = 1_795_000_000_000L;
  private static final int MAX_DEPTH = RegistrySchema.defaults().limits().maxContextDepth();

  @Test
  void theFieldsOfEveryAcceptedRequestOfAMixedWorkloadAreTheDecodedOnes() {
    List<WorkloadRequest> workload =
        MixedWorkload.generate(new MixedWorkload.Shape(400, 400, 200, 60, 5), "view").requests();
    DecodeAndValidate intake =
        new DecodeAndValidate(RegistrySchema.defaults(), TopicNames.DEFAULT_REJECTED);
    MockProcessorContext<String, Step<RepartitionedRequest>> context = new MockProcessorContext<>();
    intake.init(context);
    int checked = 0;
    for (WorkloadRequest request : workload) {
      context.setRecordMetadata("requests", 0, checked);
      intake.process(new Record<>(request.key(), request.value(), TIMESTAMP));
      Step<RepartitionedRequest> step = context.forwarded().get(0).record().value();
      context.resetForwards();
      if (step instanceof Step.Next<RepartitionedRequest> next) {
        byte[] bytes = next.value().bytes();
        assertSameFields(EncodedAcceptedRequest.of(bytes), ACCEPTED.decode(bytes));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(900);
  }

  @Test
  void versionStatusAndTheEnvAreFoundWhereverTheyAre() {
    for (Map<String, Object> context :
        List.of(
            Map.<String, Object>of(),
            Map.<String, Object>of("env", "prod"),
            Map.<String, Object>of("env", 1L, "a", "prod"),
            Map.<String, Object>of("a", Map.of("env", "prod"), "env", "dev"),
            Map.<String, Object>of("envy", "prod", "en", "dev"))) {
      GenerationRequest request = RegistryTopologyDriver.request("r-1", "Où", context);
      request.setVersion("v3.0");
      request.setStatus("ÖPTIONAL");
      AcceptedRequest accepted =
          new AcceptedRequest(request, "GOV-RULES-ABCDEFGHJK", null, "t", 3, -1L);
      byte[] bytes = ACCEPTED.encode(accepted);
      assertSameFields(EncodedAcceptedRequest.of(bytes), accepted);
    }
  }

  @Test
  void theInputReadFromTheBytesIsTheDecodedRequestsForEveryKindOfNode() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("none", null);
    nested.put("yes", true);
    nested.put("no", false);
    nested.put("big", Long.MIN_VALUE);
    nested.put("ratio", -0.0);
    nested.put("nan", Double.NaN);
    nested.put("tiny", Double.MIN_VALUE);
    nested.put("ключ", "значение ✓");
    nested.put("list", Arrays.asList(1L, null, "x", List.of(), Map.of("k", List.of(2.5))));
    for (Map<String, Object> context :
        List.of(
            Map.<String, Object>of(),
            nested,
            Map.<String, Object>of("a", nested, "b", List.of(nested, nested)))) {
      GenerationRequest request = RegistryTopologyDriver.request("r-2", "Κείμενο", context);
      for (String versionAndStatus : Arrays.asList(null, "v1")) {
        request.setVersion(versionAndStatus);
        request.setStatus(versionAndStatus);
        byte[] bytes =
            ACCEPTED.encode(new AcceptedRequest(request, "GOV-RULES-ABCDEFGHJK", null, "t", 0, 1L));
        assertThat(EncodedAcceptedRequest.of(bytes).request().toInput(TIMESTAMP, MAX_DEPTH))
            .isEqualTo(Requests.toInput(request, TIMESTAMP, MAX_DEPTH));
      }
    }
  }

  @Test
  void aContextDeeperThanTheBoundIsRefusedAsDecodingRefusesIt() {
    // A map in a list in a map: depth 3, whichever way it is read.
    GenerationRequest request =
        RegistryTopologyDriver.request(
            "r-3", "Deep", Map.of("list", List.of(Map.of("k", "v")), "flat", 1L));
    byte[] bytes =
        ACCEPTED.encode(new AcceptedRequest(request, "GOV-RULES-ABCDEFGHJK", null, "t", 0, 1L));
    EncodedRequest fields = EncodedAcceptedRequest.of(bytes).request();
    assertThat(fields.toInput(TIMESTAMP, 3)).isEqualTo(Requests.toInput(request, TIMESTAMP, 3));
    assertThatThrownBy(() -> Requests.toInput(request, TIMESTAMP, 2))
        .isInstanceOf(ContextValues.TooDeepException.class)
        .hasMessage("context is nested deeper than 2 levels");
    assertThatThrownBy(() -> fields.toInput(TIMESTAMP, 2))
        .isInstanceOf(ContextValues.TooDeepException.class)
        .hasMessage("context is nested deeper than 2 levels");
  }

  @Test
  void anEncodingCutShortOrWithBytesAfterItIsNotReadAndDecodingSaysWhy() {
    GenerationRequest request =
        RegistryTopologyDriver.request("r-1", "Cut", Map.of("env", "prod", "n", List.of(1L)));
    byte[] bytes =
        ACCEPTED.encode(new AcceptedRequest(request, "GOV-RULES-ABCDEFGHJK", null, "t", 0, 9L));
    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThat(EncodedAcceptedRequest.of(cut)).as("cut to %d bytes", length).isNull();
      assertThatThrownBy(() -> RepartitionedRequest.read(cut))
          .isInstanceOf(SerializationException.class)
          .hasMessageStartingWith("not a single-object encoded AcceptedRequest");
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThat(EncodedAcceptedRequest.of(longer)).isNull();
    assertThatThrownBy(() -> RepartitionedRequest.read(longer))
        .isInstanceOf(SerializationException.class)
        .hasMessage(
            "not a single-object encoded AcceptedRequest: bytes follow the end of the record");
  }

  private static void assertSameFields(EncodedAcceptedRequest encoded, AcceptedRequest accepted) {
    assertThat(encoded).isNotNull();
    assertThat(encoded.entryId()).isEqualTo(accepted.getEntryId());
    GenerationRequest request = accepted.getRequest();
    EncodedRequest fields = encoded.request();
    byte[] bytes = fields.bytes();
    assertThat(fields.scope()).isEqualTo(request.getScope());
    assertThat(fields.type()).isEqualTo(request.getType());
    assertThat(fields.version()).isEqualTo(request.getVersion());
    assertThat(fields.status()).isEqualTo(request.getStatus());
    assertThat(text(bytes, fields.requestIdStart(), fields.requestIdLength()))
        .isEqualTo(request.getRequestId());
    assertThat(text(bytes, fields.titleStart(), fields.titleLength()))
        .isEqualTo(request.getTitle());
    ContextValue env = request.getContext().get("env");
    Object expected = env == null || !(env.getValue() instanceof String) ? null : env.getValue();
    assertThat(fields.contextText(ENV)).isEqualTo(expected);
    assertThat(fields.toInput(TIMESTAMP, MAX_DEPTH))
        .isEqualTo(Requests.toInput(request, TIMESTAMP, MAX_DEPTH));
  }

  private static String text(byte[] bytes, int start, int length) {
    return new String(bytes, start, length, StandardCharsets.UTF_8);
  }
}
