package dev.registrystreams.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the YAML reader behind {@code config put --context-file}, {@code validate} and every
 * stored config: whatever the text, {@link YamlCodec#load}, {@link YamlCodec#loadLocated}, {@link
 * YamlCodec#loadValue} and {@link YamlCodec#loadCommandLineValue} return plain data or throw {@link
 * InvalidYamlException} with a one-line message, and never anything else (a stack overflow, a
 * parser exception of the engine's own) nor hang. What they accept is what the writer writes back.
 * See docs/FUZZING.md.
 */
// Per input: a hang is a finding (libFuzzer -timeout when fuzzing, JUnit in regression mode).
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class YamlCodecFuzzTest {

  @FuzzTest
  void load(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    Map<String, Object> doc;
    try {
      doc = YamlCodec.load(text);
    } catch (InvalidYamlException e) {
      assertOneLine(e);
      return;
    }
    // validate reads the same text with line numbers; load accepted it, so it accepts it too.
    assertThat(YamlCodec.loadLocated(text).document()).isEqualTo(doc);
    assertThat(sameNumbers(YamlCodec.load(YamlCodec.dump(doc)))).isEqualTo(sameNumbers(doc));
  }

  @FuzzTest
  void loadValue(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    try {
      Object value = YamlCodec.loadValue(text);
      assertThat(sameNumbers(YamlCodec.loadValue(YamlCodec.flow(value))))
          .isEqualTo(sameNumbers(value));
    } catch (InvalidYamlException e) {
      assertOneLine(e);
    }
    try {
      YamlCodec.loadCommandLineValue(text);
    } catch (InvalidYamlException e) {
      assertOneLine(e);
    }
  }

  /**
   * {@code value} with every BigInteger that fits in 64 bits as a Long. Known and left as is: an
   * integer written with many leading zeros (e.g. {@code 0000000000000000005432}) loads as a
   * BigInteger although it fits in a Long, and reads back as a Long once written; see the corpus
   * entry leading-zeros-integer and docs/FUZZING.md.
   */
  private static Object sameNumbers(Object value) {
    if (value instanceof BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, sameNumbers(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(YamlCodecFuzzTest::sameNumbers).toList();
    }
    return value;
  }

  private static void assertOneLine(InvalidYamlException e) {
    assertThat(e.getMessage()).startsWith("invalid YAML: ").doesNotContain("\n", "\r");
  }
}
