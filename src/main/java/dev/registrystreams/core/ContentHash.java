package dev.registrystreams.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The content hash: SHA-256 of the {@link CanonicalContent canonical bytes} of an entry's content
 * document, the fingerprint that decides whether an entry changed.
 */
public final class ContentHash {

  private ContentHash() {}

  /** The content hash of a content document, as 64 lowercase hex characters. */
  public static String of(Map<String, Object> content) {
    return sha256Hex(CanonicalContent.encode(content));
  }

  /** SHA-256 of the UTF-8 bytes of {@code text}, as 64 lowercase hex characters. */
  public static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 of {@code bytes}, as 64 lowercase hex characters. */
  public static String sha256Hex(byte[] bytes) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
