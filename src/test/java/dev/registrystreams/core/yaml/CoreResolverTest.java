package dev.registrystreams.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;

/** {@link CoreResolver#isWord} on the engine in use: it decides, and only for strings. */
class CoreResolverTest {

  private final CoreResolver core = new CoreResolver();
  private final CoreScalarResolver engine = new CoreScalarResolver(true);

  @ParameterizedTest
  @ValueSource(strings = {"env", "SUMMARY", "ledger", "[GOV][RULES]", "a b", "Null value", "~a"})
  void wordsAreDecidedByTheirFirstCharacter(String value) {
    // Fails if the engine's table changes so that no first character decides any more.
    assertThat(core.isWord(value)).isTrue();
    assertThat(engine.resolve(value, true)).isEqualTo(Tag.STR);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"~", "null", "Null", "NULL", " ", "true", "False", "42", ".5", "<<", "${A}"})
  void formsAreLeftToThePatterns(String value) {
    assertThat(core.isWord(value)).isFalse();
  }

  @Test
  void aWordIsAStringForTheEngineToo() {
    Random random = new Random(0xC0DE_2026L);
    String alphabet = "~nNulLtTrRfFaAsSeE0123456789.+-<$ {}:#a";
    int words = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder value = new StringBuilder();
      int length = 1 + random.nextInt(6);
      for (int j = 0; j < length; j++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (core.isWord(value.toString())) {
        words++;
        assertThat(engine.resolve(value.toString(), true)).as("%s", value).isEqualTo(Tag.STR);
      }
    }
    assertThat(words).isGreaterThan(50_000);
  }
}
