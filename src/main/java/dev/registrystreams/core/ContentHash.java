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

  // One digest per thread: looking SHA-256 up among the security providers costs as much as
  // hashing a small content. A digest resets itself once it has given its result.
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(ContentHash::sha256);

  private ContentHash() {}

  /** The content hash of a content document, as 64 lowercase hex characters. */
  public static String of(Map<String, Object> content) {
    MessageDigest digest = SHA256.get();
    CanonicalContent.update(digest, content);
    return HexFormat.of().formatHex(digest.digest());
  }

  /** SHA-256 of the UTF-8 bytes of {@code text}, as 64 lowercase hex characters. */
  public static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 of {@code bytes}, as 64 lowercase hex characters. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(SHA256.get().digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
