package dev.registrystreams.topology;

/**
 * A read position in Avro binary data, for the views that find fields in encoded records without
 * decoding them: varints, lengths, and the skipping of a context tree ({@code ContextValue}s). Data
 * that is not what it should be raises {@link Malformed}; reading past the end raises {@link
 * ArrayIndexOutOfBoundsException}, which callers treat alike.
 */
final class AvroCursor {

  /** The data is not Avro binary of the expected record. Has no stack: it is an answer. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  // ContextValue's union: null, boolean, long, double, string, array, map.
  static final int NULL = 0;
  static final int BOOLEAN = 1;
  static final int LONG = 2;
  static final int DOUBLE = 3;
  static final int STRING = 4;
  static final int ARRAY = 5;
  static final int MAP = 6;

  // Contexts the application wrote passed validation, so are far shallower; this only bounds
  // the recursion.
  static final int MAX_DEPTH = 64;

  byte[] bytes = new byte[0];
  int pos;

  void reset(byte[] bytes, int pos) {
    this.bytes = bytes;
    this.pos = pos;
  }

  boolean atEnd() {
    return pos == bytes.length;
  }

  /** An Avro long: a zigzag varint of at most 10 bytes. */
  long readLong() {
    long raw = 0;
    int shift = 0;
    byte b;
    do {
      if (shift > 63) {
        throw new Malformed("a varint too long");
      }
      b = bytes[pos++];
      raw |= (b & 0x7fL) << shift;
      shift += 7;
    } while (b < 0);
    return (raw >>> 1) ^ -(raw & 1);
  }

  /**
   * An Avro int, read as Avro's decoder reads one: at most five bytes, the bits past 32 dropped.
   * Reading it as a long instead would accept an index Avro refuses.
   */
  int readInt() {
    int b = bytes[pos++] & 0xff;
    int n = b & 0x7f;
    for (int shift = 7; b > 0x7f; shift += 7) {
      if (shift > 28) {
        throw new Malformed("an int of more than five bytes");
      }
      b = bytes[pos++] & 0xff;
      n ^= (b & 0x7f) << shift;
    }
    return (n >>> 1) ^ -(n & 1);
  }

  /** The length of a string or bytes, checked against what is left. */
  int readLength() {
    long n = readLong();
    if (n < 0 || n > bytes.length - pos) {
      throw new Malformed("a length out of range");
    }
    return (int) n;
  }

  /**
   * The count of the next block of an array or map; 0 at its end. A negative count is followed by
   * the block's size in bytes; a count that cannot be negated or a negative size is refused, as
   * Avro's decoder refuses them.
   */
  long readBlockCount() {
    long count = readLong();
    if (count < 0) {
      if (count == Long.MIN_VALUE) {
        throw new Malformed("a block count out of range");
      }
      if (readLong() < 0) {
        throw new Malformed("a block size out of range");
      }
      return -count;
    }
    return count;
  }

  /** The index of a union's branch, one of {@code branches}: an Avro int. */
  int readBranch(int branches) {
    int branch = readInt();
    if (branch < 0 || branch >= branches) {
      throw new Malformed("a union branch out of range");
    }
    return branch;
  }

  void skipString() {
    int n = readLength(); // before pos is read: the length moves it
    pos += n;
  }

  /** Skips one context node: a union branch and its value. */
  void skipNode(int depth) {
    switch (readBranch(MAP + 1)) {
      case NULL -> {}
      case BOOLEAN -> pos++;
      case LONG -> readLong();
      case DOUBLE -> pos += Double.BYTES;
      case STRING -> skipString();
      case ARRAY -> {
        checkDepth(depth + 1);
        for (long count; (count = readBlockCount()) != 0; ) {
          for (long i = 0; i < count; i++) {
            skipNode(depth + 1);
          }
        }
      }
      default -> skipMap(depth + 1);
    }
    if (pos > bytes.length) {
      throw new Malformed("a context that ends early");
    }
  }

  /** Skips one context map: its blocks of keys and nodes. */
  void skipMap(int depth) {
    checkDepth(depth);
    for (long count; (count = readBlockCount()) != 0; ) {
      for (long i = 0; i < count; i++) {
        skipString();
        skipNode(depth);
      }
    }
  }

  /** The bytes Avro's zig-zag varint takes for {@code n}, seven bits a byte. */
  static int varintLength(long n) {
    long zigZag = (n << 1) ^ (n >> 63);
    return Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(zigZag) + 6) / 7);
  }

  static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new Malformed("a context nested too deep");
    }
  }
}
