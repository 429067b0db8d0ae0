package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentHashTest {

  @Test
  void sha256OfUtf8AsLowercaseHex() {
    assertThat(ContentHash.sha256Hex(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(ContentHash.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // "é" is two UTF-8 bytes, c3 a9.
    assertThat(ContentHash.sha256Hex("\u00E9"))
        .isEqualTo(
            java.util.HexFormat.of().formatHex(sha256(new byte[] {(byte) 0xc3, (byte) 0xa9})));
  }

  @Test
  void theContentHashIsTheSha256OfTheCanonicalBytesCallAfterCall() {
    java.util.Random random = new java.util.Random(0xC0_4E_47L);
    for (int i = 0; i < 2_000; i++) {
      java.util.Map<String, Object> content = new java.util.LinkedHashMap<>();
      int size = random.nextInt(6);
      for (int k = 0; k < size; k++) {
        // Some contents larger than the encoder's kept buffer, so it is dropped and made again.
        content.put(
            "k" + random.nextInt(10),
            random.nextInt(50) == 0 ? "x".repeat(70_000) : random.nextLong());
      }
      assertThat(ContentHash.of(content))
          .isEqualTo(java.util.HexFormat.of().formatHex(sha256(CanonicalContent.encode(content))));
    }
  }

  @Test
  void aContentThatCannotBeHashedLeavesTheNextHashIntact() {
    java.util.Map<String, Object> good = java.util.Map.of("a", 1L);
    String expected = ContentHash.of(good);
    java.util.Map<String, Object> bad = new java.util.LinkedHashMap<>();
    bad.put("a", 1L);
    bad.put("b", new Object());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContentHash.of(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only plain data can be hashed");
    assertThat(ContentHash.of(good)).isEqualTo(expected);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
