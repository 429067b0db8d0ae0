package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;

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
}
