package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TitleNormalizerTest {

  @Test
  void nfdAndNfcSpellingsNormaliseToTheSameTitle() {
    String nfc = "Caf\u00E9 r\u00E8gles";
    String nfd = "Cafe\u0301 re\u0300gles";
    assertThat(nfd).isNotEqualTo(nfc);
    assertThat(TitleNormalizer.normalize(nfd)).isEqualTo(nfc);
    assertThat(TitleNormalizer.normalize(nfc)).isEqualTo(nfc);
  }

  @Test
  void stripsAndCollapsesEveryRunOfWhitespace() {
    assertThat(TitleNormalizer.normalize("  Access \t\n control\n\n\npolicy \u2003"))
        .isEqualTo("Access control policy");
  }

  @Test
  void keepsCaseAndNonBreakingSpace() {
    assertThat(TitleNormalizer.normalize("API Keys")).isEqualTo("API Keys");
    assertThat(TitleNormalizer.normalize("api keys")).isEqualTo("api keys");
    // U+00A0 is not whitespace to Java: "10\u00A0kg" is meant to stay together.
    assertThat(TitleNormalizer.normalize("10\u00A0kg")).isEqualTo("10\u00A0kg");
  }

  @Test
  void keepsEmojiSequences() {
    String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
    assertThat(TitleNormalizer.normalize(" " + family + "  plan ")).isEqualTo(family + " plan");
  }

  @Test
  void everyTitleNormalisesAsTheDefinitionSays() {
    // Usual pieces: a lone space, a space that is not whitespace to Java, a decomposed accent, a
    // supplementary code point and letters; then runs of spaces and other whitespace.
    String[] usual = {" ", "\u00A0", "e\u0301", "\uD83D\uDD10", "a", "Z"};
    String[] unusual = {"  ", "\t", "\n", "\u2003", "\u3000"};
    Random random = new Random(15);
    int alreadyCollapsed = 0;
    for (int i = 0; i < 100_000; i++) {
      StringBuilder title = new StringBuilder();
      boolean withUnusual = random.nextBoolean();
      for (int n = random.nextInt(8); n >= 0; n--) {
        String[] from = withUnusual && random.nextInt(4) == 0 ? unusual : usual;
        title.append(from[random.nextInt(from.length)]);
      }
      String nfcStripped = Normalizer.normalize(title, Normalizer.Form.NFC).strip();
      String expected = nfcStripped.replaceAll("\\p{javaWhitespace}+", " ");
      assertThat(TitleNormalizer.normalize(title.toString()))
          .as("normalised %s", title)
          .isEqualTo(expected);
      alreadyCollapsed += expected.equals(nfcStripped) ? 1 : 0;
    }
    assertThat(alreadyCollapsed).isBetween(10_000, 90_000);
  }
}
