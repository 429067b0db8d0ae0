package dev.registrystreams.core.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link ConfigDiff} and {@link LeafText} give exactly what {@link ReferenceConfigDiff}, the first
 * implementation, gives: on seeded random document pairs, and on leaf values chosen to stress the
 * text.
 */
class ConfigDiffEquivalenceTest {

  private static final long SEED = 0x5EED_2026_1124L;

  @Test
  void diffMatchesTheReferenceOnRandomDocumentPairs() {
    Random random = new Random(SEED);
    Documents documents = new Documents(random, false);
    for (int i = 0; i < 4000; i++) {
      Map<String, Object> before = random.nextInt(12) == 0 ? null : documents.document();
      Map<String, Object> after = documents.variantOf(before);
      assertSameDiff(i, before, after);
      assertSameDiff(i, after, before);
    }
  }

  @Test
  void diffMatchesTheReferenceWithOtherTypesAndKeysThatAreNotStrings() {
    Random random = new Random(SEED + 1);
    Documents documents = new Documents(random, true);
    for (int i = 0; i < 2000; i++) {
      Map<String, Object> before = documents.document();
      Map<String, Object> after = documents.variantOf(before);
      assertSameDiff(i, before, after);
      assertSameDiff(i, after, before);
    }
  }

  @Test
  void leafTextMatchesTheReference() {
    List<Object> values = new ArrayList<>();
    StringBuilder everyChar = new StringBuilder();
    for (char c = 0; c < 0x100; c++) {
      everyChar.append(c);
      values.add(String.valueOf(c));
      values.add("a" + c + "b");
    }
    values.add(everyChar.toString());
    values.addAll(
        Arrays.asList(
            null,
            "",
            "42",
            "plain",
            "é 🚀 \u2028 \u2029 \ufeff \uffff",
            "\ud800",
            "lone \udc00 low",
            "</script>",
            "a/b",
            42,
            42L,
            -7L,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            Integer.MIN_VALUE,
            new BigInteger("123456789012345678901234567890"),
            new BigInteger("-1"),
            true,
            false,
            0.0,
            -0.0,
            2.5,
            0.1,
            1e7,
            9999999.0,
            1e-3,
            9.99e-4,
            1e300,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            1.5f,
            Float.NaN,
            (short) 3,
            (byte) 4,
            new BigDecimal("1.50"),
            'c',
            new byte[] {1, 2, 3},
            Map.of(),
            List.of(),
            new LinkedHashMap<>(Map.of("b", 1L, "a", List.of("x"))),
            new LinkedHashSet<>(List.of(3L, 1L, 2L)),
            new Object()));
    Random random = new Random(SEED + 2);
    for (int i = 0; i < 2000; i++) {
      values.add(Double.longBitsToDouble(random.nextLong()));
      values.add(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
      values.add(random.nextLong());
      values.add(Documents.randomString(random));
    }
    for (Object value : values) {
      assertThat(outcome(() -> LeafText.of(value)))
          .as("%s", value)
          .isEqualTo(outcome(() -> ReferenceConfigDiff.leafText(value)));
    }
  }

  private static void assertSameDiff(
      int pair, Map<String, Object> before, Map<String, Object> after) {
    assertThat(outcome(() -> ConfigDiff.diff(before, after)))
        .as("pair %d:\n  before %s\n  after  %s", pair, before, after)
        .isEqualTo(outcome(() -> ReferenceConfigDiff.diff(before, after)));
  }

  /**
   * The result, or the type of the exception and, for the one we throw, its message: the JIT drops
   * the messages of implicit exceptions (a failed cast) once they recur.
   */
  private static Object outcome(Supplier<Object> run) {
    try {
      return run.get();
    } catch (IllegalArgumentException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    } catch (RuntimeException e) {
      return e.getClass().getName();
    }
  }

  /** Random documents, and variants of them that share most of their structure. */
  private static final class Documents {

    private static final List<String> KEYS =
        List.of(
            "a", "b", "c", "id", "Z", "_", "0", "2", "10", "a.b", "", "x y", "[0]", "q\"\\", "é",
            "nl\n", "tab\t");

    private static final List<Object> SCALARS =
        Arrays.asList(
            null,
            0L,
            1L,
            -1L,
            42L,
            42,
            7,
            "42",
            "x",
            "",
            "a\nb",
            "yes",
            "null",
            "é 🚀",
            "q\"\\",
            true,
            false,
            0.0,
            -0.0,
            2.5,
            0.75,
            1e300,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            new BigInteger("98765432109876543210"));

    private final Random random;
    private final boolean exotic;

    Documents(Random random, boolean exotic) {
      this.random = random;
      this.exotic = exotic;
    }

    Map<String, Object> document() {
      Map<String, Object> doc = map(0, random.nextInt(7));
      if (exotic && random.nextInt(20) == 0) {
        // Only an unchecked cast puts one there; the first implementation made it a list index.
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<Object, Object> raw = (Map) doc;
        raw.put(random.nextInt(3), value(1));
      }
      return doc;
    }

    /** A copy, a mutation or an unrelated document; null stays null or becomes a document. */
    @SuppressWarnings("unchecked")
    Map<String, Object> variantOf(Map<String, Object> doc) {
      if (doc == null) {
        return random.nextBoolean() ? null : document();
      }
      return switch (random.nextInt(8)) {
        case 0 -> null;
        case 1 -> document();
        case 2 -> (Map<String, Object>) copy(doc);
        default -> mutate(doc, 0) instanceof Map<?, ?> map ? (Map<String, Object>) map : document();
      };
    }

    private Object value(int depth) {
      int kind = random.nextInt(depth >= 4 ? 3 : 10);
      return switch (kind) {
        case 0, 1, 2, 3 -> scalar();
        case 4 -> random.nextBoolean() ? new LinkedHashMap<>() : new ArrayList<>();
        case 5, 6, 7 -> map(depth + 1, 1 + random.nextInt(5));
        default -> list(depth + 1, 1 + random.nextInt(4));
      };
    }

    private Object scalar() {
      if (exotic && random.nextInt(6) == 0) {
        return switch (random.nextInt(6)) {
          case 0 -> new LinkedHashSet<>(shuffled(List.of(1L, 2L, 3L)));
          case 1 -> 1.5f;
          case 2 -> new BigDecimal("1.50");
          case 3 -> 'c';
          case 4 -> (short) 42;
          default -> random.nextInt(30) == 0 ? new Object() : List.of(1L).iterator().next();
        };
      }
      return SCALARS.get(random.nextInt(SCALARS.size()));
    }

    private Map<String, Object> map(int depth, int size) {
      Map<String, Object> map = newMap();
      for (int i = 0; i < size; i++) {
        map.put(KEYS.get(random.nextInt(KEYS.size())), value(depth));
      }
      if (exotic && depth > 0 && random.nextInt(4) == 0) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<Object, Object> raw = (Map) map;
        Object key = random.nextInt(3) == 0 ? null : random.nextBoolean() ? 1 : 10L;
        raw.put(key, value(depth));
        raw.put(String.valueOf(key), value(depth));
      }
      return map;
    }

    private Map<String, Object> newMap() {
      if (exotic) {
        return new LinkedHashMap<>();
      }
      return switch (random.nextInt(4)) {
        case 0 -> new HashMap<>();
        case 1 -> new TreeMap<>();
        default -> new LinkedHashMap<>();
      };
    }

    private List<Object> list(int depth, int size) {
      List<Object> list = random.nextInt(4) == 0 ? new LinkedList<>() : new ArrayList<>();
      for (int i = 0; i < size; i++) {
        list.add(value(depth));
      }
      return list;
    }

    /** An equal value built anew, its maps filled in another order. */
    private Object copy(Object value) {
      if (value instanceof Map<?, ?> map) {
        List<Map.Entry<?, ?>> entries = shuffled(new ArrayList<>(map.entrySet()));
        Map<Object, Object> out = exotic ? new LinkedHashMap<>() : new HashMap<>();
        if (!exotic && random.nextBoolean()) {
          out = new LinkedHashMap<>();
        }
        for (Map.Entry<?, ?> e : entries) {
          out.put(e.getKey(), copy(e.getValue()));
        }
        return out;
      }
      if (value instanceof List<?> list) {
        List<Object> out = new ArrayList<>();
        for (Object item : list) {
          out.add(copy(item));
        }
        return out;
      }
      return value;
    }

    /** A value that keeps some of {@code value} and changes the rest. */
    private Object mutate(Object value, int depth) {
      int what = random.nextInt(10);
      if (what < 3) {
        return copy(value);
      }
      if (what == 3) {
        return value(depth);
      }
      if (value instanceof Map<?, ?> map) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : shuffled(new ArrayList<>(map.entrySet()))) {
          if (random.nextInt(6) != 0) {
            out.put(e.getKey(), mutate(e.getValue(), depth + 1));
          }
        }
        if (random.nextInt(3) == 0) {
          out.put(KEYS.get(random.nextInt(KEYS.size())), value(depth + 1));
        }
        return out;
      }
      if (value instanceof List<?> list) {
        List<Object> out = new ArrayList<>();
        for (Object item : list) {
          if (random.nextInt(6) != 0) {
            out.add(mutate(item, depth + 1));
          }
        }
        while (random.nextInt(3) == 0) {
          out.add(value(depth + 1));
        }
        return out;
      }
      return twin(value);
    }

    /** A leaf that is equal, or renders alike, or is close: the cases a text compare must get. */
    private Object twin(Object value) {
      if (value instanceof Long l && random.nextBoolean()) {
        return random.nextBoolean() ? (Object) l.intValue() : String.valueOf(l);
      }
      if (value instanceof Integer i) {
        return random.nextBoolean() ? (Object) i.longValue() : String.valueOf(i);
      }
      if (value instanceof Double d) {
        return random.nextBoolean() ? -d : (Object) Double.valueOf(d);
      }
      if (value instanceof String s && random.nextBoolean()) {
        return new String(s);
      }
      return scalar();
    }

    private <T> List<T> shuffled(List<T> items) {
      List<T> out = new ArrayList<>(items);
      Collections.shuffle(out, random);
      return out;
    }

    static String randomString(Random random) {
      StringBuilder out = new StringBuilder();
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        out.append(
            switch (random.nextInt(4)) {
              case 0 -> (char) random.nextInt(0x80);
              case 1 -> (char) random.nextInt(0x10000);
              default -> (char) ('a' + random.nextInt(26));
            });
      }
      return out.toString();
    }
  }
}
