package dev.registrystreams.topology;

import dev.registrystreams.avro.ContextValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Converts the Avro context tree ({@link ContextValue} nodes) to plain Java maps, lists and scalars
 * for the core, and back. Descent stops past a depth bound so that a hostile tree cannot exhaust
 * the stack.
 */
public final class ContextValues {

  private ContextValues() {}

  /** Thrown when the tree is deeper than the bound given to {@link #toJava}. */
  public static final class TooDeepException extends RuntimeException {
    TooDeepException(int limit) {
      super("context is nested deeper than " + limit + " levels", null, false, false);
    }
  }

  /**
   * The context as Java values (null, Boolean, Long, Double, String, List, Map).
   *
   * @param maxDepth the deepest nesting accepted; a flat map of scalars has depth 1
   */
  public static Map<String, Object> toJava(
      @Nullable Map<String, ContextValue> context, int maxDepth) {
    if (context == null) {
      return Map.of();
    }
    return mapToJava(context, 1, maxDepth);
  }

  private static Map<String, Object> mapToJava(
      Map<String, ContextValue> map, int depth, int maxDepth) {
    if (depth > maxDepth) {
      throw new TooDeepException(maxDepth);
    }
    Map<String, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
    for (Map.Entry<String, ContextValue> e : map.entrySet()) {
      out.put(e.getKey(), nodeToJava(e.getValue(), depth, maxDepth));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object nodeToJava(@Nullable ContextValue node, int depth, int maxDepth) {
    Object value = node == null ? null : node.getValue();
    if (value instanceof Map<?, ?> map) {
      return mapToJava((Map<String, ContextValue>) map, depth + 1, maxDepth);
    }
    if (value instanceof List<?> list) {
      if (depth + 1 > maxDepth) {
        throw new TooDeepException(maxDepth);
      }
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(nodeToJava((ContextValue) item, depth + 1, maxDepth));
      }
      return out;
    }
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    return value;
  }

  /** The Java tree as Avro nodes; the inverse of {@link #toJava}. */
  public static Map<String, ContextValue> toAvro(Map<String, Object> context) {
    Map<String, ContextValue> out = new LinkedHashMap<>(Math.max(4, context.size() * 2));
    for (Map.Entry<String, Object> e : context.entrySet()) {
      out.put(e.getKey(), nodeToAvro(e.getValue()));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static ContextValue nodeToAvro(@Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      return new ContextValue(toAvro((Map<String, Object>) map));
    }
    if (value instanceof List<?> list) {
      List<ContextValue> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(nodeToAvro(item));
      }
      return new ContextValue(out);
    }
    if (value instanceof Integer i) {
      return new ContextValue(i.longValue());
    }
    if (value instanceof Float f) {
      return new ContextValue(f.doubleValue());
    }
    return new ContextValue(value);
  }
}
