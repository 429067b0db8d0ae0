package dev.registrystreams.cli.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the {@code .env} reader of {@code config put --env-file}: {@link DotEnv#parse} returns
 * variables with valid names or throws {@link DotEnv.DotEnvException} naming the line, nothing
 * else. See docs/FUZZING.md.
 */
// Per input: a hang is a finding (libFuzzer -timeout when fuzzing, JUnit in regression mode).
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DotEnvFuzzTest {

  @FuzzTest
  void parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    Map<String, String> variables;
    try {
      variables = DotEnv.parse(text);
    } catch (DotEnv.DotEnvException e) {
      assertThat(e).hasMessageStartingWith("line ");
      return;
    }
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      assertThat(variable.getKey()).matches("[A-Za-z_][A-Za-z0-9_.]*");
      assertThat(variable.getValue()).isNotNull();
    }
  }
}
