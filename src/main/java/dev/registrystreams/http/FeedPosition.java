package dev.registrystreams.http;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Where a change feed stands on the config-changes topic: the next offset to read of every
 * partition, as the {@code id:} of each event and what {@code Last-Event-ID} or {@code ?after=}
 * bring back.
 *
 * <p>Encoded compact and URL-safe: a version byte, then for each partition in ascending order the
 * gap to the previous partition number and the offset, as unsigned varints, all in unpadded
 * base64url. Six partitions at offsets in the millions take 42 characters. Decoding is strict
 * (minimal varints, partitions strictly ascending, nothing left over), so a mistyped or truncated
 * id is refused rather than read as some other position.
 */
public final class FeedPosition {

  private static final byte VERSION = 1;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** More than the partitions any topic has: a longer id is not a position. */
  private static final int MAX_LENGTH = 16 * 1024;

  private final SortedMap<Integer, Long> nextOffsets;

  private FeedPosition(SortedMap<Integer, Long> nextOffsets) {
    this.nextOffsets = nextOffsets;
  }

  /** The position with these next offsets by partition. */
  public static FeedPosition of(Map<Integer, Long> nextOffsets) {
    SortedMap<Integer, Long> copy = new TreeMap<>();
    nextOffsets.forEach(
        (partition, offset) -> {
          if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException(
                "partition " + partition + " at offset " + offset + " is no position");
          }
          copy.put(partition, offset);
        });
    return new FeedPosition(Collections.unmodifiableSortedMap(copy));
  }

  /** The next offset of every partition the position knows, by partition. */
  public SortedMap<Integer, Long> nextOffsets() {
    return nextOffsets;
  }

  /** The compact, URL-safe text of this position. */
  public String encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 + 6 * nextOffsets.size());
    bytes.write(VERSION);
    int previous = -1;
    for (Map.Entry<Integer, Long> entry : nextOffsets.entrySet()) {
      writeVarint(bytes, entry.getKey() - previous - 1);
      writeVarint(bytes, entry.getValue());
      previous = entry.getKey();
    }
    return ENCODER.encodeToString(bytes.toByteArray());
  }

  /**
   * Reads what {@link #encode()} wrote.
   *
   * @throws IllegalArgumentException with a one-line reason when {@code text} is not a position
   */
  public static FeedPosition decode(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("is empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("is too long to be a feed position");
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not a feed position (not base64url)");
    }
    if (bytes.length == 0 || bytes[0] != VERSION) {
      throw new IllegalArgumentException("is not a feed position (unknown format)");
    }
    SortedMap<Integer, Long> offsets = new TreeMap<>();
    int[] at = {1};
    long partition = -1;
    while (at[0] < bytes.length) {
      partition += readVarint(bytes, at) + 1;
      long offset = readVarint(bytes, at);
      if (partition > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("is not a feed position (partition out of range)");
      }
      offsets.put((int) partition, offset);
    }
    return new FeedPosition(Collections.unmodifiableSortedMap(offsets));
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      out.write((int) ((rest & 0x7F) | 0x80));
      rest >>>= 7;
    }
    out.write((int) rest);
  }

  /** An unsigned, minimally encoded varint of at most 63 bits. */
  private static long readVarint(byte[] bytes, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      if (at[0] >= bytes.length) {
        throw new IllegalArgumentException("is not a feed position (truncated)");
      }
      int b = bytes[at[0]++] & 0xFF;
      if (shift == 56 && (b & 0x80) != 0) {
        break;
      }
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) {
          throw new IllegalArgumentException("is not a feed position (not minimally encoded)");
        }
        return value;
      }
    }
    throw new IllegalArgumentException("is not a feed position (number out of range)");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeedPosition that && nextOffsets.equals(that.nextOffsets);
  }

  @Override
  public int hashCode() {
    return nextOffsets.hashCode();
  }

  @Override
  public String toString() {
    return "FeedPosition" + nextOffsets;
  }
}
