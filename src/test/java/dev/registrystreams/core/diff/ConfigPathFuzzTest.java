package dev.registrystreams.core.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the path syntax of config diffs and patches: {@link ConfigPath#parse} returns a path or
 * throws the IllegalArgumentException it documents, nothing else; and a path it returns is written
 * by {@link ConfigPath#text()} as text that parses back to the same path. See docs/FUZZING.md.
 */
// Per input: a hang is a finding (libFuzzer -timeout when fuzzing, JUnit in regression mode).
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConfigPathFuzzTest {

  @FuzzTest
  void parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    ConfigPath path;
    try {
      path = ConfigPath.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageStartingWith("invalid path ");
      return;
    }
    assertThat(path.segments()).isNotEmpty();
    assertThat(ConfigPath.parse(path.text())).isEqualTo(path);
  }
}
