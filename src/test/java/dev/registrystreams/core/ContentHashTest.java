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

  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
