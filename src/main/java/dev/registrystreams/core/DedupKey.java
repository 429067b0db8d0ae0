package dev.registrystreams.core;

import com.dynatrace.hash4j.hashing.HashValue128;
import com.dynatrace.hash4j.hashing.Hashing;
import dev.registrystreams.core.text.UserText;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The identity of a registry entry: XXH3-128 of its scope, type and normalised title.
 *
 * <p>Byte encoding, so that any language can reproduce a key: for each of scope, type and {@link
 * TitleNormalizer#normalize normalised} title, in that order, the length of its UTF-8 encoding as a
 * 4-byte big-endian unsigned integer followed by those UTF-8 bytes. The hash is XXH3-128 with seed
 * 0 over that byte string. {@link #hex()} writes the high 64 bits and then the low 64 bits as 32
 * lowercase hex digits, which is XXH3's canonical (big-endian) representation, e.g. {@code
 * XXH128_canonicalFromHash} in the reference C library. Length prefixes make the encoding
 * unambiguous: ("AB", "C") and ("A", "BC") hash different bytes.
 */
public record DedupKey(long high, long low) {

  private static final HexFormat HEX = HexFormat.of();

  /** Number of hex characters in {@link #hex()}. */
  public static final int HEX_LENGTH = 32;

  /** Computes the key of (scope, type, title); the title is normalised here. */
  public static DedupKey of(String scope, String type, String title) {
    HashValue128 hash = Hashing.xxh3_128().hashBytesTo128Bits(encode(scope, type, title));
    return new DedupKey(hash.getMostSignificantBits(), hash.getLeastSignificantBits());
  }

  /** The exact bytes that are hashed, as documented on this type. */
  public static byte[] encode(String scope, String type, String title) {
    byte[][] parts = {
      scope.getBytes(StandardCharsets.UTF_8),
      type.getBytes(StandardCharsets.UTF_8),
      TitleNormalizer.normalize(title).getBytes(StandardCharsets.UTF_8)
    };
    int length = 0;
    for (byte[] part : parts) {
      length += Integer.BYTES + part.length;
    }
    ByteBuffer out = ByteBuffer.allocate(length);
    for (byte[] part : parts) {
      out.putInt(part.length).put(part);
    }
    return out.array();
  }

  /** 32 lowercase hex characters: high then low, big-endian. */
  public String hex() {
    return HEX.toHexDigits(high) + HEX.toHexDigits(low);
  }

  /** Parses {@link #hex()} output; rejects anything that is not exactly 32 hex digits. */
  public static DedupKey fromHex(@Nullable String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("dedup key is null; expected 32 hex characters");
    }
    if (hex.length() != HEX_LENGTH) {
      throw new IllegalArgumentException(
          "dedup key "
              + UserText.quote(hex)
              + " has "
              + hex.length()
              + " characters; expected 32 hex characters");
    }
    for (int i = 0; i < HEX_LENGTH; i++) {
      if (Character.digit(hex.charAt(i), 16) < 0 || hex.charAt(i) > 'f') {
        throw new IllegalArgumentException(
            "dedup key "
                + UserText.quote(hex)
                + " has a non-hex character at position "
                + (i + 1)
                + "; expected 32 hex characters");
      }
    }
    return new DedupKey(
        Long.parseUnsignedLong(hex.substring(0, 16), 16),
        Long.parseUnsignedLong(hex.substring(16), 16));
  }

  @Override
  public String toString() {
    return hex();
  }
}
