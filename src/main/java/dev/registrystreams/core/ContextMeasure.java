package dev.registrystreams.core;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Measures a request context's nesting depth and size without recursion, so a hostile deeply nested
 * (or even cyclic) structure cannot overflow the stack: the walk stops below the depth limit.
 *
 * <p>Depth: a map or list is one level more than its deepest child container, so a flat map of
 * scalars is 1. Size: UTF-8 bytes of every map key and string value, plus 8 per number, boolean or
 * null.
 */
final class ContextMeasure {

  /** Size charged for a number, boolean or null. */
  static final int SCALAR_BYTES = 8;

  /** tooDeep wins: when the depth limit is exceeded the size is not fully measured. */
  record Result(boolean tooDeep, long bytes) {}

  private record Pending(Object node, int depth) {}

  private final int maxDepth;

  ContextMeasure(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  Result measure(Map<String, Object> context) {
    long bytes = 0;
    Deque<Pending> pending = new ArrayDeque<>();
    pending.push(new Pending(context, 1));
    while (!pending.isEmpty()) {
      Pending p = pending.pop();
      if (p.depth() > maxDepth) {
        return new Result(true, bytes);
      }
      if (p.node() instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          bytes += utf8Length(String.valueOf(e.getKey()));
          bytes += visit(e.getValue(), p.depth(), pending);
        }
      } else if (p.node() instanceof Collection<?> list) {
        for (Object item : list) {
          bytes += visit(item, p.depth(), pending);
        }
      }
    }
    return new Result(false, bytes);
  }

  /** Size of a scalar child; a container child is queued one level deeper and sized later. */
  private static long visit(@Nullable Object child, int parentDepth, Deque<Pending> pending) {
    if (child instanceof Map<?, ?> || child instanceof Collection<?>) {
      pending.push(new Pending(child, parentDepth + 1));
      return 0;
    }
    if (child instanceof String s) {
      return utf8Length(s);
    }
    return SCALAR_BYTES;
  }

  /** What {@code s.getBytes(UTF_8).length} would be, without the copy. */
  static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        // The JDK encoder writes '?' for an unpaired surrogate.
        n += 1;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
