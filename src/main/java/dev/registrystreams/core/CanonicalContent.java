package dev.registrystreams.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The canonical bytes of a content tree: the input of the content hash. Exact about types (the
 * number 42 and the string "42" differ), independent of map order and of how any text format quotes
 * or spaces things, and cheap enough to compute for every request.
 *
 * <p>The encoding, so that any language can reproduce a hash. Each value is a one-byte tag and a
 * body; lengths and counts are 4-byte big-endian unsigned integers:
 *
 * <ul>
 *   <li>null: {@code N}; false: {@code F}; true: {@code T}
 *   <li>an integer that fits 64 bits: {@code L} and 8 bytes, big-endian two's complement; a larger
 *       one: {@code I}, the length and its minimal big-endian two's complement bytes
 *   <li>a double: {@code D} and the 8 bytes of its IEEE 754 binary64 form, big-endian
 *   <li>a string: {@code S}, the length of its UTF-8 form and those bytes
 *   <li>a list: {@code [}, the count, then each item
 *   <li>a map: <code>{</code>, the count, then for each entry in ascending order of the keys' UTF-8
 *       bytes (unsigned), the key as a string and then the value
 * </ul>
 */
public final class CanonicalContent {

  // Each thread writes into one buffer of its own: the content of every new or changed entry is
  // encoded, and most of it is hashed straight from the buffer.
  private static final ThreadLocal<CanonicalContent> ENCODERS =
      ThreadLocal.withInitial(CanonicalContent::new);

  private static final Comparator<Map.Entry<?, ?>> BY_KEY =
      Comparator.comparing(e -> (String) e.getKey());

  private final Bytes out = new Bytes();

  private CanonicalContent() {}

  /** The canonical bytes of {@code content}. */
  public static byte[] encode(Map<String, Object> content) {
    return written(content).toArray();
  }

  /** Feeds the canonical bytes of {@code content} to {@code digest}, without copying them out. */
  static void update(MessageDigest digest, Map<String, Object> content) {
    Bytes bytes = written(content);
    digest.update(bytes.bytes, 0, bytes.size);
  }

  private static Bytes written(Map<String, Object> content) {
    CanonicalContent encoder = ENCODERS.get();
    encoder.out.reset();
    encoder.value(content);
    return encoder.out;
  }

  private void value(@Nullable Object value) {
    if (value == null) {
      out.write('N');
    } else if (value instanceof Boolean b) {
      out.write(b ? 'T' : 'F');
    } else if (value instanceof Long || value instanceof Integer) {
      out.write('L');
      long64(((Number) value).longValue());
    } else if (value instanceof BigInteger big) {
      if (big.bitLength() < 64) {
        out.write('L');
        long64(big.longValue());
      } else {
        out.write('I');
        bytes(big.toByteArray());
      }
    } else if (value instanceof Double d) {
      out.write('D');
      long64(Double.doubleToLongBits(d));
    } else if (value instanceof String s) {
      string(s);
    } else if (value instanceof List<?> list) {
      out.write('[');
      int32(list.size());
      list.forEach(this::value);
    } else if (value instanceof Map<?, ?> map) {
      map(map);
    } else {
      throw new IllegalArgumentException(
          "content holds a " + value.getClass().getName() + "; only plain data can be hashed");
    }
  }

  private void map(Map<?, ?> map) {
    out.write('{');
    List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
    if (allAsciiKeys(entries)) {
      // In ASCII, the order of the UTF-16 units is the order of the UTF-8 bytes.
      entries.sort(BY_KEY);
      int32(entries.size());
      for (Map.Entry<?, ?> e : entries) {
        asciiString((String) e.getKey());
        value(e.getValue());
      }
      return;
    }
    TreeMap<byte[], Object> sorted = new TreeMap<>(Arrays::compareUnsigned);
    for (Map.Entry<?, ?> e : entries) {
      sorted.put(((String) e.getKey()).getBytes(StandardCharsets.UTF_8), e.getValue());
    }
    int32(sorted.size());
    sorted.forEach(
        (key, value) -> {
          out.write('S');
          bytes(key);
          value(value);
        });
  }

  private static boolean allAsciiKeys(List<Map.Entry<?, ?>> entries) {
    for (Map.Entry<?, ?> e : entries) {
      if (!isAscii((String) e.getKey())) {
        return false;
      }
    }
    return true;
  }

  /** A string, written from its characters when they are ASCII, as most keys and values are. */
  private void string(String s) {
    if (isAscii(s)) {
      asciiString(s);
    } else {
      out.write('S');
      bytes(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void asciiString(String ascii) {
    out.write('S');
    int32(ascii.length());
    out.writeAscii(ascii);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private void bytes(byte[] bytes) {
    int32(bytes.length);
    out.write(bytes, 0, bytes.length);
  }

  private void int32(int n) {
    out.write(n >>> 24);
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
  }

  private void long64(long n) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (n >>> shift));
    }
  }

  /** A growable byte array; unlike ByteArrayOutputStream, it takes no lock per byte. */
  private static final class Bytes {
    // A buffer grown past this by a huge content is not kept for the next one.
    private static final int KEPT_CAPACITY = 64 * 1024;

    private byte[] bytes = new byte[1024];
    private int size;

    void reset() {
      if (bytes.length > KEPT_CAPACITY) {
        bytes = new byte[1024];
      }
      size = 0;
    }

    void write(int b) {
      if (size == bytes.length) {
        bytes = Arrays.copyOf(bytes, size * 2);
      }
      bytes[size++] = (byte) b;
    }

    void write(byte[] b, int offset, int length) {
      if (size + length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(size * 2, size + length));
      }
      System.arraycopy(b, offset, bytes, size, length);
      size += length;
    }

    // The deprecated copy keeps each char's low byte, which for ASCII is its UTF-8 byte.
    @SuppressWarnings("deprecation")
    void writeAscii(String s) {
      int length = s.length();
      if (size + length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(size * 2, size + length));
      }
      s.getBytes(0, length, bytes, size);
      size += length;
    }

    byte[] toArray() {
      return Arrays.copyOf(bytes, size);
    }
  }
}
