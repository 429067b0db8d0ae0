package dev.registrystreams.topology;

import java.util.Arrays;

/**
 * Whether two encoded contexts (Avro maps of {@code ContextValue}) hold the same tree, the keys of
 * each map in any order, compared byte for byte without decoding either. It only ever says "same"
 * when decoding both would give equal trees; what it cannot tell cheaply (a map of very many keys,
 * a repeated key, a number written with more bytes than it needs) it reports as different.
 *
 * <p>One instance per processor, reused for every record: not thread-safe.
 */
final class EncodedContexts {

  // Above this many keys a map is reported as different rather than matched key by key.
  private static final int MAX_KEYS = 64;
  // Each key of a map being matched: where its key starts, its length, where its value starts,
  // and whether the other side's map had it.
  private static final int SLOT = 4;

  private final AvroCursor left = new AvroCursor();
  private final AvroCursor right = new AvroCursor();
  private int[] keys = new int[SLOT * 16];
  private int top;

  /**
   * Whether the context from {@code leftStart} to {@code leftEnd} and the one from {@code
   * rightStart} to the end of {@code rightBytes} are the same tree.
   */
  boolean same(byte[] leftBytes, int leftStart, int leftEnd, byte[] rightBytes, int rightStart) {
    left.reset(leftBytes, leftStart);
    right.reset(rightBytes, rightStart);
    top = 0;
    try {
      return sameMap(1) && left.pos == leftEnd && right.atEnd();
    } catch (AvroCursor.Malformed | ArrayIndexOutOfBoundsException e) {
      return false;
    }
  }

  private boolean sameMap(int depth) {
    if (depth > AvroCursor.MAX_DEPTH) {
      return false;
    }
    int base = top;
    try {
      int leftKeys = 0;
      for (long count; (count = left.readBlockCount()) != 0; ) {
        for (long i = 0; i < count; i++) {
          if (++leftKeys > MAX_KEYS) {
            return false;
          }
          int n = left.readLength();
          push(left.pos, n, left.pos + n);
          left.pos += n;
          left.skipNode(depth);
        }
      }
      int leftEnd = left.pos;
      int matched = 0;
      for (long count; (count = right.readBlockCount()) != 0; ) {
        for (long i = 0; i < count; i++) {
          int n = right.readLength();
          int slot = find(base, right.pos, n);
          right.pos += n;
          if (slot < 0) {
            return false;
          }
          keys[slot + 3] = 1;
          matched++;
          left.pos = keys[slot + 2];
          if (!sameNode(depth)) {
            return false;
          }
        }
      }
      left.pos = leftEnd;
      return matched == leftKeys;
    } finally {
      top = base;
    }
  }

  private void push(int keyStart, int keyLength, int valueStart) {
    if (top + SLOT > keys.length) {
      keys = Arrays.copyOf(keys, keys.length * 2);
    }
    keys[top] = keyStart;
    keys[top + 1] = keyLength;
    keys[top + 2] = valueStart;
    keys[top + 3] = 0;
    top += SLOT;
  }

  /** The slot of the left map's key equal to the right's key at {@code at}, not yet matched. */
  private int find(int base, int at, int n) {
    for (int slot = base; slot < top; slot += SLOT) {
      int start = keys[slot];
      if (keys[slot + 1] == n
          && keys[slot + 3] == 0
          && Arrays.equals(left.bytes, start, start + n, right.bytes, at, at + n)) {
        return slot;
      }
    }
    return -1;
  }

  private boolean sameNode(int depth) {
    int branch = left.readBranch(AvroCursor.MAP + 1);
    if (branch != right.readBranch(AvroCursor.MAP + 1)) {
      return false;
    }
    switch (branch) {
      case AvroCursor.NULL:
        return true;
      case AvroCursor.BOOLEAN:
        return left.bytes[left.pos++] == right.bytes[right.pos++];
      case AvroCursor.LONG:
        return left.readLong() == right.readLong();
      case AvroCursor.DOUBLE:
        left.pos += Double.BYTES;
        right.pos += Double.BYTES;
        return Arrays.equals(
            left.bytes,
            left.pos - Double.BYTES,
            left.pos,
            right.bytes,
            right.pos - Double.BYTES,
            right.pos);
      case AvroCursor.STRING:
        {
          int n = left.readLength();
          if (n != right.readLength()) {
            return false;
          }
          left.pos += n;
          right.pos += n;
          return Arrays.equals(
              left.bytes, left.pos - n, left.pos, right.bytes, right.pos - n, right.pos);
        }
      case AvroCursor.ARRAY:
        return sameList(depth + 1);
      default:
        return sameMap(depth + 1);
    }
  }

  /** The items of two lists, in order; their blocks may be cut differently. */
  private boolean sameList(int depth) {
    if (depth > AvroCursor.MAX_DEPTH) {
      return false;
    }
    long leftLeft = left.readBlockCount();
    long rightLeft = right.readBlockCount();
    while (leftLeft != 0 && rightLeft != 0) {
      if (!sameNode(depth)) {
        return false;
      }
      if (--leftLeft == 0) {
        leftLeft = left.readBlockCount();
      }
      if (--rightLeft == 0) {
        rightLeft = right.readBlockCount();
      }
    }
    return leftLeft == 0 && rightLeft == 0;
  }
}
