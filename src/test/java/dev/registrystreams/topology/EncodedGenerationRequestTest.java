package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.core.GenerationInput;
import dev.registrystreams.load.MixedWorkload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * What {@link EncodedGenerationRequest} reads from a request's bytes is what decoding them and
 * {@link Requests#toInput} give, and it reads nothing that decoding would refuse.
 */
class EncodedGenerationRequestTest {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final long TIMESTAMP = 1_795_000_000_000L;

  @Test
  void everyRequestOfAMixedWorkloadReadsAsItDecodes() {
    List<WorkloadRequest> workload =
        MixedWorkload.generate(new MixedWorkload.Shape(400, 400, 200, 60, 5), "read").requests();
    int read = 0;
    for (WorkloadRequest request : workload) {
      if (decodes(request.value())) {
        assertReadsAsDecoded(request.value(), 64);
        read++;
      } else {
        assertThat(EncodedGenerationRequest.of(request.value())).isNull();
      }
    }
    assertThat(read).isGreaterThan(1_000).isLessThan(workload.size());
  }

  @Test
  void randomContextsReadAsTheyDecodeInOneBlockOrMany() {
    Random random = new Random(15);
    for (int i = 0; i < 5_000; i++) {
      GenerationRequest request =
          RegistryTopologyDriver.request("r-" + i, "Tïtle " + i, tree(random, 1));
      request.setVersion(random.nextBoolean() ? null : "v" + i);
      request.setStatus(random.nextBoolean() ? null : "ÖPTIONAL");
      assertReadsAsDecoded(REQUESTS.encode(request), 64);
      assertReadsAsDecoded(InBlocks.encode(REQUESTS, request), 64);
    }
  }

  @Test
  void aContextTooDeepIsTooDeepAtTheSameDepthAsDecoded() {
    Map<String, Object> deep =
        Map.of("a", Map.of("b", List.of(Map.of("c", List.of(List.of(1L))))), "z", 1L);
    byte[] bytes = REQUESTS.encode(RegistryTopologyDriver.request("r-1", "Deep", deep));
    int accepted = 0;
    for (int maxDepth = 1; maxDepth <= 7; maxDepth++) {
      boolean tooDeep = decodedIsTooDeep(bytes, maxDepth);
      if (tooDeep) {
        int limit = maxDepth;
        assertThatThrownBy(() -> EncodedGenerationRequest.of(bytes).input(TIMESTAMP, limit))
            .isInstanceOf(ContextValues.TooDeepException.class)
            .hasMessage("context is nested deeper than " + limit + " levels");
      } else {
        assertReadsAsDecoded(bytes, maxDepth);
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(2);
  }

  @Test
  void aBooleanWrittenAsAnyByteReadsAsDecodingReadsIt() {
    byte[] bytes =
        REQUESTS.encode(RegistryTopologyDriver.request("r-1", "Bool", Map.of("flag", true)));
    byte[] withFalse =
        REQUESTS.encode(RegistryTopologyDriver.request("r-1", "Bool", Map.of("flag", false)));
    int at = Arrays.mismatch(bytes, withFalse);
    assertThat(bytes[at]).isEqualTo((byte) 1);
    for (int b = 0; b < 256; b++) {
      byte[] other = bytes.clone();
      other[at] = (byte) b;
      assertReadsAsDecoded(other, 64);
    }
  }

  @Test
  void bytesCutShortWithMoreAfterThemOrOfAnotherSchemaAreNotRead() {
    byte[] bytes =
        REQUESTS.encode(
            RegistryTopologyDriver.request("r-1", "Cut", Map.of("env", "prod", "n", List.of(1.5))));
    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThat(EncodedGenerationRequest.of(cut)).as("cut to %d bytes", length).isNull();
      assertThatThrownBy(() -> REQUESTS.decode(cut)).isInstanceOf(SerializationException.class);
    }
    assertThat(EncodedGenerationRequest.of(Arrays.copyOf(bytes, bytes.length + 1))).isNull();
    byte[] otherSchema = bytes.clone();
    otherSchema[5] ^= 1; // a byte of the schema's fingerprint
    assertThat(EncodedGenerationRequest.of(otherSchema)).isNull();
  }

  private static void assertReadsAsDecoded(byte[] bytes, int maxDepth) {
    EncodedGenerationRequest encoded = EncodedGenerationRequest.of(bytes);
    assertThat(encoded).as("read %s", Arrays.toString(bytes)).isNotNull();
    GenerationInput expected = Requests.toInput(REQUESTS.decode(bytes), TIMESTAMP, maxDepth);
    assertThat(encoded.input(TIMESTAMP, maxDepth)).isEqualTo(expected);
  }

  private static boolean decodes(byte[] bytes) {
    try {
      REQUESTS.decode(bytes);
      return true;
    } catch (SerializationException e) {
      return false;
    }
  }

  private static boolean decodedIsTooDeep(byte[] bytes, int maxDepth) {
    try {
      Requests.toInput(REQUESTS.decode(bytes), TIMESTAMP, maxDepth);
      return false;
    } catch (ContextValues.TooDeepException e) {
      return true;
    }
  }

  private static Map<String, Object> tree(Random random, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int n = random.nextInt(depth == 1 ? 12 : 4); n > 0; n--) {
      map.put(random.nextBoolean() ? "k" + random.nextInt(40) : "ключ", value(random, depth));
    }
    return map;
  }

  private static Object value(Random random, int depth) {
    return switch (random.nextInt(depth > 3 ? 7 : 9)) {
      case 0 -> "v" + random.nextInt(1_000);
      case 1 -> random.nextLong() >> random.nextInt(64);
      case 2 ->
          List.of(0.0, -0.0, 1.5, Double.NaN, Double.NEGATIVE_INFINITY, 1e-300)
              .get(random.nextInt(6));
      case 3 -> random.nextBoolean();
      case 4 -> "x".repeat(random.nextInt(90));
      case 5 -> "😀 é " + random.nextInt(9);
      case 6 -> random.nextDouble();
      case 7 -> tree(random, depth + 1);
      default -> {
        List<Object> list = new ArrayList<>();
        for (int n = random.nextInt(20); n > 0; n--) {
          list.add(value(random, depth + 1));
        }
        yield list;
      }
    };
  }
}
