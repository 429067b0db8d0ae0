package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
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
    assertThat(YamlCodec.load(YamlCodec.dump(doc))).isEqualTo(doc);
  }

  @FuzzTest
  void loadValue(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    try {
      Object value = YamlCodec.loadValue(text);
      assertThat(YamlCodec.loadValue(YamlCodec.flow(value))).isEqualTo(value);
    } catch (InvalidYamlException e) {
      assertOneLine(e);
    }
    try {
      YamlCodec.loadCommandLineValue(text);
    } catch (InvalidYamlException e) {
      assertOneLine(e);
    }
  }

  private static void assertOneLine(InvalidYamlException e) {
    assertThat(e.getMessage()).startsWith("invalid YAML: ").doesNotContain("\n", "\r");
  }
}
