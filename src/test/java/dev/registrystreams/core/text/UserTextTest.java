package dev.registrystreams.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserTextTest {

  @Test
  void quotesAndEscapesInvisibleCharacters() {
    assertThat(UserText.quote("a\u0007b")).isEqualTo("'a\\u0007b'");
    assertThat(UserText.quote("tab\there\nnew")).isEqualTo("'tab\\u0009here\\u000Anew'");
    assertThat(UserText.quote("rtl\u202Eevil")).isEqualTo("'rtl\\u202Eevil'");
    assertThat(UserText.quote("it's \\")).isEqualTo("'it\\'s \\\\'");
    assertThat(UserText.quote("\uDB40\uDC01")).isEqualTo("'\\u{E0001}'");
    assertThat(UserText.quote(null)).isEqualTo("null");
  }

  @Test
  void keepsPrintableUnicode() {
    assertThat(UserText.quote("Café 😀 日本")).isEqualTo("'Café 😀 日本'");
  }

  @Test
  void cutsLongTextAt40CodePoints() {
    assertThat(UserText.quote("😀".repeat(50)))
        .isEqualTo("'" + "😀".repeat(40) + "'... (50 characters)");
    assertThat(UserText.quote("x".repeat(40))).isEqualTo("'" + "x".repeat(40) + "'");
  }
}
