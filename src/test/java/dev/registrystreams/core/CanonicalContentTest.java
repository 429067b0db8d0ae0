package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.registrystreams.core.yaml.YamlCodec;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CanonicalContentTest {

  @Test
  void encodesEachTypeAsDocumented() {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("s", "é");
    content.put("n", null);
    content.put("b", true);
    content.put("l", -2L);
    content.put("d", 0.5);
    content.put("a", List.of(false, "x"));

    // Keys in UTF-8 byte order: a, b, d, l, n, s.
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write('{');
    expected.writeBytes(int32(6));
    key(expected, "a");
    expected.write('[');
    expected.writeBytes(int32(2));
    expected.write('F');
    string(expected, "x");
    key(expected, "b");
    expected.write('T');
    key(expected, "d");
    expected.write('D');
    expected.writeBytes(ByteBuffer.allocate(8).putDouble(0.5).array());
    key(expected, "l");
    expected.write('L');
    expected.writeBytes(ByteBuffer.allocate(8).putLong(-2).array());
    key(expected, "n");
    expected.write('N');
    key(expected, "s");
    string(expected, "é");

    assertThat(CanonicalContent.encode(content)).isEqualTo(expected.toByteArray());
  }

  @Test
  void mapOrderDoesNotMatterAndKeysSortByUtf8Bytes() {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("\uFF5E", 1L); // U+FF5E: after U+1F600 in UTF-16 order, before it in UTF-8 order
    one.put("\uD83D\uDE00", 2L);
    one.put("B", 3L);
    Map<String, Object> other = new LinkedHashMap<>();
    other.put("B", 3L);
    other.put("\uD83D\uDE00", 2L);
    other.put("\uFF5E", 1L);

    byte[] bytes = CanonicalContent.encode(one);
    assertThat(bytes).isEqualTo(CanonicalContent.encode(other));
    byte[] fullwidth = "\uFF5E".getBytes(StandardCharsets.UTF_8);
    byte[] emoji = "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
    assertThat(indexOf(bytes, fullwidth)).isLessThan(indexOf(bytes, emoji));
  }

  @Test
  void typesAreNeverConfused() {
    assertThat(hash(Map.of("v", 42L))).isNotEqualTo(hash(Map.of("v", "42")));
    assertThat(hash(Map.of("v", 1L))).isNotEqualTo(hash(Map.of("v", 1.0)));
    assertThat(hash(Map.of("v", true))).isNotEqualTo(hash(Map.of("v", "true")));
    assertThat(hash(Map.of("v", List.of()))).isNotEqualTo(hash(Map.of("v", Map.of())));
    assertThat(hash(Map.of("ab", "c"))).isNotEqualTo(hash(Map.of("a", "bc")));
  }

  @Test
  void integersHaveOneFormWhateverTheirJavaType() {
    assertThat(CanonicalContent.encode(Map.of("v", 7)))
        .isEqualTo(CanonicalContent.encode(Map.of("v", 7L)))
        .isEqualTo(CanonicalContent.encode(Map.of("v", BigInteger.valueOf(7))));
    BigInteger huge = BigInteger.ONE.shiftLeft(70);
    byte[] bytes = CanonicalContent.encode(Map.of("v", huge));
    assertThat(bytes[bytes.length - huge.toByteArray().length - 5]).isEqualTo((byte) 'I');
  }

  @Test
  void somethingThatIsNotPlainDataIsRefused() {
    assertThatThrownBy(() -> CanonicalContent.encode(Map.of("v", new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only plain data");
  }

  @Test
  void theHashOfAConfigSurvivesAYamlRoundTrip() {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("title", "quotes ' \" and 42");
    content.put("n", 42L);
    content.put("d", 2.5);
    content.put("s", "42");
    content.put("nested", Map.of("list", List.of(1L, "two", Map.of())));
    assertThat(ContentHash.of(YamlCodec.load(YamlCodec.dump(content))))
        .isEqualTo(ContentHash.of(content));
  }

  @Test
  void randomContentsEncodeAsTheDocumentedEncodingSays() {
    String[] words = {
      "a",
      "B",
      "key",
      "Zeta",
      "",
      "x y",
      "é",
      "\uFF5E",
      "\uD83D\uDE00",
      "a\u0000",
      "\u007F",
      "\u0080"
    };
    Random random = new Random(15);
    int withNonAsciiKeys = 0;
    for (int i = 0; i < 20_000; i++) {
      Map<String, Object> content = randomMap(random, words, 0);
      withNonAsciiKeys +=
          content.keySet().stream().anyMatch(k -> !k.matches("\\p{ASCII}*")) ? 1 : 0;
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      documented(expected, content);
      assertThat(CanonicalContent.encode(content))
          .as("the canonical bytes of %s", content)
          .isEqualTo(expected.toByteArray());
    }
    assertThat(withNonAsciiKeys).isBetween(2_000, 18_000);
  }

  private static Map<String, Object> randomMap(Random random, String[] words, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int n = random.nextInt(5); n > 0; n--) {
      map.put(words[random.nextInt(words.length)], randomValue(random, words, depth + 1));
    }
    return map;
  }

  private static Object randomValue(Random random, String[] words, int depth) {
    int kind = random.nextInt(depth < 3 ? 7 : 5);
    return switch (kind) {
      case 0 -> random.nextBoolean();
      case 1 -> random.nextLong() >> random.nextInt(64);
      case 2 -> random.nextDouble();
      case 3 -> words[random.nextInt(words.length)] + words[random.nextInt(words.length)];
      case 4 -> random.nextInt(4) == 0 ? "" : words[random.nextInt(words.length)];
      case 5 ->
          List.of(randomValue(random, words, depth + 1), randomValue(random, words, depth + 1));
      default -> randomMap(random, words, depth);
    };
  }

  /** The encoding as its documentation states it, written without the encoder's shortcuts. */
  private static void documented(ByteArrayOutputStream out, Object value) {
    if (value instanceof Boolean b) {
      out.write(b ? 'T' : 'F');
    } else if (value instanceof Long l) {
      out.write('L');
      out.writeBytes(ByteBuffer.allocate(8).putLong(l).array());
    } else if (value instanceof Double d) {
      out.write('D');
      out.writeBytes(ByteBuffer.allocate(8).putDouble(d).array());
    } else if (value instanceof String text) {
      string(out, text);
    } else if (value instanceof List<?> list) {
      out.write('[');
      out.writeBytes(int32(list.size()));
      list.forEach(item -> documented(out, item));
    } else {
      TreeMap<byte[], Object> sorted = new TreeMap<>(Arrays::compareUnsigned);
      ((Map<?, ?>) value)
          .forEach((k, v) -> sorted.put(((String) k).getBytes(StandardCharsets.UTF_8), v));
      out.write('{');
      out.writeBytes(int32(sorted.size()));
      sorted.forEach(
          (k, v) -> {
            string(out, new String(k, StandardCharsets.UTF_8));
            documented(out, v);
          });
    }
  }

  private static String hash(Map<String, Object> content) {
    return ContentHash.of(content);
  }

  private static void key(ByteArrayOutputStream out, String key) {
    string(out, key);
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.write('S');
    out.writeBytes(int32(utf8.length));
    out.writeBytes(utf8);
  }

  private static byte[] int32(int n) {
    return ByteBuffer.allocate(4).putInt(n).array();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
