package dev.registrystreams.cli.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DotEnvTest {

  @Test
  void readsTheUsualForms() {
    assertThat(
            DotEnv.parse(
                """
                # comment
                PLAIN=value
                export EXPORTED=yes
                SPACED = padded value   # trailing comment
                HASH=a#b
                SINGLE='literal \\n ${X} # kept'
                DOUBLE="line\\nbreak \\"q\\" # kept" # comment
                EMPTY=
                PLAIN=later wins
                """))
        .containsExactly(
            java.util.Map.entry("PLAIN", "later wins"),
            java.util.Map.entry("EXPORTED", "yes"),
            java.util.Map.entry("SPACED", "padded value"),
            java.util.Map.entry("HASH", "a#b"),
            java.util.Map.entry("SINGLE", "literal \\n ${X} # kept"),
            java.util.Map.entry("DOUBLE", "line\nbreak \"q\" # kept"),
            java.util.Map.entry("EMPTY", ""));
  }

  @Test
  void namesTheLineOfAMistake() {
    assertThatThrownBy(() -> DotEnv.parse("A=1\nnot a pair\n"))
        .hasMessage("line 2: expected NAME=value");
    assertThatThrownBy(() -> DotEnv.parse("A=1\n\n1X=2\n"))
        .hasMessage("line 3: '1X' is not a variable name");
    assertThatThrownBy(() -> DotEnv.parse("A=\"open\n"))
        .hasMessage("line 1: unterminated \" quote");
    assertThatThrownBy(() -> DotEnv.parse("A='x' y\n"))
        .hasMessage("line 1: unexpected text after the closing ' quote");
  }
}
