package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.internal.AcceptedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * {@link EncodedContexts} says "same" exactly when the decoded trees are equal, on random trees
 * written in shuffled key orders and cut into blocks differently.
 */
class EncodedContextsTest {

  private static final AvroSerde<AcceptedRequest> ACCEPTED = AvroSerde.of(AcceptedRequest.class);
  private final EncodedContexts contexts = new EncodedContexts();

  @Test
  void treesInAnotherKeyOrderOrOtherBlocksAreTheSame() {
    Random random = new Random(21);
    for (int i = 0; i < 3_000; i++) {
      Map<String, Object> tree = tree(random, 1);
      Encoded left = Encoded.of(shuffled(tree, random), random.nextBoolean());
      Encoded right = Encoded.of(shuffled(tree, random), random.nextBoolean());
      assertThat(same(left, right)).as("%s", tree).isTrue();
    }
  }

  @Test
  void aLargeContextInBlocksIsStillTheSame() {
    Map<String, Object> tree = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      tree.put("key-" + i, List.of("value-" + i, (long) i, Map.of("n", i % 2 == 0)));
    }
    Encoded plain = Encoded.of(tree, false);
    Encoded blocks = Encoded.of(tree, true);
    // Blocks with their byte sizes: the encodings differ, the trees do not.
    assertThat(blocks.context()).isNotEqualTo(plain.context());
    assertThat(same(plain, blocks)).isTrue();
    assertThat(same(blocks, plain)).isTrue();
  }

  @Test
  void saysSameOnlyWhenTheDecodedTreesAreEqual() {
    Random random = new Random(22);
    int same = 0;
    int different = 0;
    for (int i = 0; i < 6_000; i++) {
      // Small trees of few values, so that equal ones are frequent too.
      Map<String, Object> a = tree(random, 3);
      Map<String, Object> b = random.nextInt(3) == 0 ? a : tree(random, 3);
      Encoded left = Encoded.of(shuffled(a, random), random.nextBoolean());
      Encoded right = Encoded.of(shuffled(b, random), random.nextBoolean());
      boolean equal = left.decoded().equals(right.decoded());
      assertThat(same(left, right)).as("%s against %s", a, b).isEqualTo(equal);
      if (equal) {
        same++;
      } else {
        different++;
      }
    }
    assertThat(same).isGreaterThan(1_000);
    assertThat(different).isGreaterThan(1_000);
  }

  @Test
  void aRepeatedKeyOrCutBytesAreReportedAsDifferent() {
    Encoded once = Encoded.of(Map.of("k", "v"), false);
    // One block of two entries, both "k": decoding keeps the last.
    byte[] twice = {4, 2, 'k', 8, 2, 'v', 2, 'k', 8, 2, 'v', 0};
    assertThat(contexts.same(twice, 0, twice.length, once.context(), 0)).isFalse();
    assertThat(contexts.same(once.context(), 0, once.context().length, twice, 0)).isFalse();
    byte[] cut = Arrays.copyOf(once.context(), once.context().length - 1);
    assertThat(contexts.same(cut, 0, cut.length, once.context(), 0)).isFalse();
    assertThat(contexts.same(once.context(), 0, once.context().length, cut, 0)).isFalse();
  }

  private boolean same(Encoded left, Encoded right) {
    return contexts.same(left.context(), 0, left.context().length, right.context(), 0);
  }

  /** A context as an accepted request's bytes hold it, and as decoding them gives it. */
  private record Encoded(byte[] context, Map<String, Object> decoded) {

    static Encoded of(Map<String, Object> tree, boolean blocks) {
      GenerationRequest request = RegistryTopologyDriver.request("r", "T", tree);
      AcceptedRequest accepted =
          new AcceptedRequest(request, "GOV-RULES-ABCDEFGHJK", null, "t", 0, 0L);
      byte[] bytes = blocks ? inBlocks(accepted) : ACCEPTED.encode(accepted);
      EncodedAcceptedRequest fields = EncodedAcceptedRequest.of(bytes);
      assertThat(fields).as("found the fields of %s", tree).isNotNull();
      EncodedRequest found = fields.request();
      byte[] context = Arrays.copyOfRange(bytes, found.contextStart(), found.contextEnd());
      Map<String, Object> decoded =
          ContextValues.toJava(ACCEPTED.decode(bytes).getRequest().getContext(), 64);
      // Read without decoding, blocks and all, the context is the decoded one.
      assertThat(found.toInput(0, 64).context()).isEqualTo(decoded);
      return new Encoded(context, decoded);
    }

    /** Avro's blocking encoder: maps and lists cut into blocks that carry their byte size. */
    private static byte[] inBlocks(AcceptedRequest accepted) {
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[10];
        ACCEPTED.writeHeader(header);
        out.write(header);
        BinaryEncoder encoder =
            new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(out, null);
        new SpecificDatumWriter<>(AcceptedRequest.class).write(accepted, encoder);
        encoder.flush();
        return out.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static Map<String, Object> tree(Random random, int spread) {
    Map<String, Object> map = new LinkedHashMap<>();
    int size = random.nextInt(spread == 1 ? 12 : 4);
    for (int i = 0; i < size; i++) {
      map.put("k" + random.nextInt(spread == 1 ? 40 : 3), value(random, spread, 1));
    }
    return map;
  }

  private static Object value(Random random, int spread, int depth) {
    int kind = random.nextInt(depth > 3 ? 6 : 8);
    return switch (kind) {
      case 0 -> "v" + random.nextInt(spread == 1 ? 1_000 : 2);
      case 1 -> (long) random.nextInt(spread == 1 ? 1_000 : 2) - 1;
      case 2 -> List.of(0.0, -0.0, 1.5, Double.NaN).get(random.nextInt(spread == 1 ? 4 : 2));
      case 3 -> random.nextBoolean();
      case 4 -> "x".repeat(random.nextInt(spread == 1 ? 90 : 2));
      case 5 -> random.nextInt(4) == 0 ? "null" : "n";
      case 6 -> {
        Map<String, Object> map = new LinkedHashMap<>();
        int size = random.nextInt(spread == 1 ? 20 : 3);
        for (int i = 0; i < size; i++) {
          map.put("m" + random.nextInt(spread == 1 ? 30 : 2), value(random, spread, depth + 1));
        }
        yield map;
      }
      default -> {
        List<Object> list = new ArrayList<>();
        int size = random.nextInt(spread == 1 ? 20 : 3);
        for (int i = 0; i < size; i++) {
          list.add(value(random, spread, depth + 1));
        }
        yield list;
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> shuffled(Map<String, Object> tree, Random random) {
    List<Map.Entry<String, Object>> entries = new ArrayList<>(tree.entrySet());
    Collections.shuffle(entries, random);
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : entries) {
      Object value = entry.getValue();
      out.put(
          entry.getKey(),
          value instanceof Map<?, ?> map ? shuffled((Map<String, Object>) map, random) : value);
    }
    return out;
  }
}
