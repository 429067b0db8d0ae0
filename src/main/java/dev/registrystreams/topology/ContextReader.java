package dev.registrystreams.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads an encoded context (an Avro map of {@code ContextValue}) straight into the Java values
 * {@link ContextValues#toJava} gives for its decoded form, with the same depth accounting, without
 * building the Avro nodes in between. Maps keep the encoded order; a repeated key keeps its last
 * value, as decoding does.
 */
final class ContextReader {

  private ContextReader() {}

  /**
   * The context at {@code in}'s position, which is left after it.
   *
   * @param maxDepth the deepest nesting accepted; a flat map of scalars has depth 1
   * @throws ContextValues.TooDeepException if the context nests deeper than {@code maxDepth}
   * @throws AvroCursor.Malformed if it is not an encoded context
   */
  static Map<String, Object> read(AvroCursor in, int maxDepth) {
    return map(in, 1, maxDepth);
  }

  private static Map<String, Object> map(AvroCursor in, int depth, int maxDepth) {
    if (depth > maxDepth) {
      throw new ContextValues.TooDeepException(maxDepth);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (long count; (count = in.readBlockCount()) != 0; ) {
      for (long i = 0; i < count; i++) {
        String key = string(in);
        out.put(key, node(in, depth, maxDepth));
      }
    }
    return out;
  }

  private static @Nullable Object node(AvroCursor in, int depth, int maxDepth) {
    int branch = in.readInt();
    if (branch < AvroCursor.NULL || branch > AvroCursor.MAP) {
      throw new AvroCursor.Malformed("a context node of branch " + branch);
    }
    return switch (branch) {
      case AvroCursor.NULL -> null;
      case AvroCursor.BOOLEAN -> in.bytes[in.pos++] == 1;
      case AvroCursor.LONG -> in.readLong();
      case AvroCursor.DOUBLE -> Double.longBitsToDouble(littleEndianLong(in));
      case AvroCursor.STRING -> string(in);
      case AvroCursor.ARRAY -> list(in, depth + 1, maxDepth);
      default -> map(in, depth + 1, maxDepth);
    };
  }

  private static List<Object> list(AvroCursor in, int depth, int maxDepth) {
    if (depth > maxDepth) {
      throw new ContextValues.TooDeepException(maxDepth);
    }
    List<Object> out = new ArrayList<>();
    for (long count; (count = in.readBlockCount()) != 0; ) {
      for (long i = 0; i < count; i++) {
        out.add(node(in, depth, maxDepth));
      }
    }
    return out;
  }

  private static long littleEndianLong(AvroCursor in) {
    long bits = 0;
    for (int i = 0; i < Double.BYTES; i++) {
      bits |= (in.bytes[in.pos++] & 0xffL) << (8 * i);
    }
    return bits;
  }

  private static String string(AvroCursor in) {
    int n = in.readLength();
    String text = new String(in.bytes, in.pos, n, StandardCharsets.UTF_8);
    in.pos += n;
    return text;
  }
}
