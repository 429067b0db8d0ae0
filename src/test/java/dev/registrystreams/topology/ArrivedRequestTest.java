package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.internal.AcceptedRequest;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.SecretMasker;
import dev.registrystreams.load.MixedWorkload;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A request read from the bytes it arrived in is the request decoding them gives. */
class ArrivedRequestTest {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final AvroSerde<AcceptedRequest> ACCEPTED = AvroSerde.of(AcceptedRequest.class);
  private static final long TIMESTAMP = 1_795_000_000_000L;
  private static final SecretMasker MASKER = RegistrySchema.defaults().secretMasker();
  private static final Origin ORIGIN = new Origin(null, "requests", 2, 40L, TIMESTAMP);

  @Test
  void everyRequestOfAMixedWorkloadReadsAsItDecodes() {
    List<WorkloadRequest> workload =
        MixedWorkload.generate(new MixedWorkload.Shape(400, 400, 200, 60, 7), "arrived").requests();
    int read = 0;
    for (WorkloadRequest request : workload) {
      String refusal = messageOf(() -> REQUESTS.decode(request.value()));
      if (refusal != null) {
        assertThatThrownBy(() -> ArrivedRequest.read(request.value())).hasMessage(refusal);
        continue;
      }
      ArrivedRequest arrived = ArrivedRequest.read(request.value());
      GenerationRequest decoded = REQUESTS.decode(request.value());
      // Deep enough for every request of the workload, the too-deep ones included.
      assertThat(arrived.toInput(TIMESTAMP, 64))
          .isEqualTo(Requests.toInput(decoded, TIMESTAMP, 64));
      assertThat(arrived.record()).isEqualTo(decoded);
      RepartitionedRequest accepted = arrived.accepted("GOV-RULES-ABCDEFGHJK", ORIGIN);
      assertThat(accepted.spliced()).isTrue();
      assertThat(ACCEPTED.decode(accepted.bytes()).getRequest()).isEqualTo(decoded);
      read++;
    }
    assertThat(read).isGreaterThan(950);
  }

  @Test
  void aMaskedRequestIsItsBytesWithOnlyTheContextEncodedAnew() {
    List<WorkloadRequest> workload =
        MixedWorkload.generate(new MixedWorkload.Shape(400, 0, 0, 0, 8), "masked").requests();
    int masked = 0;
    for (WorkloadRequest request : workload) {
      ArrivedRequest arrived = ArrivedRequest.read(request.value());
      Map<String, Object> context = arrived.toInput(TIMESTAMP, 64).context();
      if (!MASKER.changes(context)) {
        continue;
      }
      Map<String, Object> maskedContext = MASKER.mask(context);
      GenerationRequest expected =
          Requests.withContext(REQUESTS.decode(request.value()), maskedContext);
      assertThat(EncodedRequest.of(request.value()).withContext(maskedContext))
          .isEqualTo(REQUESTS.encode(expected));
      RepartitionedRequest accepted =
          arrived.accepted(maskedContext, "GOV-RULES-ABCDEFGHJK", ORIGIN);
      assertThat(accepted.spliced()).isTrue();
      assertThat(ACCEPTED.decode(accepted.bytes()))
          .isEqualTo(
              new AcceptedRequest(expected, "GOV-RULES-ABCDEFGHJK", null, "requests", 2, 40L));
      masked++;
    }
    assertThat(masked).isGreaterThan(50);
  }

  @Test
  void aContextNestedDeeperThanTheWalkGoesIsDecodedAndItsDepthRefused() {
    GenerationRequest request = RegistryTopologyDriver.request("r", "Deep", nested(70));
    byte[] bytes = REQUESTS.encode(request);
    assertThat(EncodedRequest.of(bytes)).isNull();

    ArrivedRequest arrived = ArrivedRequest.read(bytes);

    assertThatThrownBy(() -> arrived.toInput(TIMESTAMP, 8))
        .isInstanceOf(ContextValues.TooDeepException.class)
        .hasMessage("context is nested deeper than 8 levels");
    assertThat(arrived.toInput(TIMESTAMP, 100))
        .isEqualTo(Requests.toInput(request, TIMESTAMP, 100));
    RepartitionedRequest accepted = arrived.accepted("GOV-RULES-ABCDEFGHJK", ORIGIN);
    assertThat(accepted.spliced()).isFalse();
    assertThat(ACCEPTED.decode(accepted.bytes()).getRequest()).isEqualTo(request);
  }

  @Test
  void bytesThatAreNoRequestAreRefusedAsDecodingRefusesThem() {
    byte[] bytes = REQUESTS.encode(RegistryTopologyDriver.request("r", "Cut", Map.of("k", "v")));
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 2);
    String expected = messageOf(() -> REQUESTS.decode(cut));
    assertThat(expected).isNotNull();

    assertThatThrownBy(() -> ArrivedRequest.read(cut))
        .isInstanceOf(SerializationException.class)
        .hasMessage(expected)
        .hasMessageStartingWith("not a single-object encoded GenerationRequest: ");
  }

  @Test
  void framingAvroRefusesIsRefusedWithAvrosMessageNotReadOtherwise() {
    byte[] header =
        Arrays.copyOf(REQUESTS.encode(RegistryTopologyDriver.request("r", "T", Map.of())), 10);
    // A request whose context maps "k" to "v", the value's union index (4, the string) written in
    // six bytes where an int takes at most five.
    byte[] overlongIndex = {(byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
    // And one whose context's first block count is Long.MIN_VALUE, which cannot be negated: read
    // as an empty block, the map would end at the 0 after the block's size.
    byte[] minimumCount = {(byte) 0xff, -1, -1, -1, -1, -1, -1, -1, -1, 1, 2, 0};
    for (byte[] bytes :
        List.of(
            concat(
                header,
                strings("r-1", "Title", "GOV", "RULES"),
                new byte[] {2, 2, 'k'},
                overlongIndex,
                new byte[] {2, 'v', 0, 0, 0}),
            concat(
                header,
                strings("r-1", "Title", "GOV", "RULES"),
                minimumCount,
                new byte[] {0, 0}))) {
      String refusal = messageOf(() -> REQUESTS.decode(bytes));
      assertThat(refusal).startsWith("not a single-object encoded GenerationRequest: ");
      assertThat(EncodedRequest.of(bytes)).isNull();
      assertThatThrownBy(() -> ArrivedRequest.read(bytes))
          .isInstanceOf(SerializationException.class)
          .hasMessage(refusal);
    }
  }

  private static byte[] strings(String... texts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (String text : texts) {
      byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.write(utf8.length * 2); // the zigzag varint of a length under 64
      out.writeBytes(utf8);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Why decoding failed; null if it did not. */
  private static @Nullable String messageOf(Runnable decode) {
    try {
      decode.run();
      return null;
    } catch (SerializationException e) {
      return e.getMessage();
    }
  }

  private static Map<String, Object> nested(int depth) {
    Map<String, Object> node = Map.of("leaf", 1L);
    for (int i = 1; i < depth; i++) {
      node = Map.of("n", node);
    }
    return node;
  }
}
