package dev.registrystreams.core.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A frozen copy of the first {@link ConfigDiff}, which flattened both documents into sorted maps of
 * every leaf, with the path text of {@link ConfigPath} and the leaf text of {@link LeafText} as
 * they were then. The faster implementations are tested against it, so it must not change with
 * them.
 */
final class ReferenceConfigDiff {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private ReferenceConfigDiff() {}

  static List<PathChange> diff(Map<String, Object> before, Map<String, Object> after) {
    TreeMap<Path, String> old = leaves(before);
    TreeMap<Path, String> now = leaves(after);
    TreeSet<Path> paths = new TreeSet<>(old.keySet());
    paths.addAll(now.keySet());
    List<PathChange> changes = new ArrayList<>();
    for (Path path : paths) {
      String oldValue = old.get(path);
      String newValue = now.get(path);
      if (oldValue == null) {
        changes.add(new PathChange(path.text(), ChangeOp.ADD, null, newValue));
      } else if (newValue == null) {
        changes.add(new PathChange(path.text(), ChangeOp.DELETE, oldValue, null));
      } else if (!oldValue.equals(newValue)) {
        changes.add(new PathChange(path.text(), ChangeOp.UPDATE, oldValue, newValue));
      }
    }
    return changes;
  }

  static String leafText(Object value) {
    if (value instanceof Double d && !Double.isFinite(d)) {
      return d.isNaN() ? ".nan" : d > 0 ? ".inf" : "-.inf";
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot render a " + value.getClass().getName() + " as a leaf value", e);
    }
  }

  private static TreeMap<Path, String> leaves(Map<String, Object> doc) {
    TreeMap<Path, String> out = new TreeMap<>();
    if (doc != null) {
      for (Map.Entry<String, Object> e : doc.entrySet()) {
        collect(new Path(List.of(e.getKey())), e.getValue(), out);
      }
    }
    return out;
  }

  private static void collect(Path path, Object value, TreeMap<Path, String> out) {
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        collect(path.child(String.valueOf(e.getKey())), e.getValue(), out);
      }
    } else if (value instanceof List<?> list && !list.isEmpty()) {
      for (int i = 0; i < list.size(); i++) {
        collect(path.child(i), list.get(i), out);
      }
    } else {
      out.put(path, leafText(value));
    }
  }

  /** The first {@link ConfigPath}: its order and its text. */
  private record Path(List<Object> segments) implements Comparable<Path> {

    Path {
      segments = List.copyOf(segments);
    }

    Path child(Object segment) {
      List<Object> longer = new ArrayList<>(segments.size() + 1);
      longer.addAll(segments);
      longer.add(segment);
      return new Path(longer);
    }

    @Override
    public int compareTo(Path other) {
      int n = Math.min(segments.size(), other.segments.size());
      for (int i = 0; i < n; i++) {
        int c = compareSegments(segments.get(i), other.segments.get(i));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(segments.size(), other.segments.size());
    }

    private static int compareSegments(Object a, Object b) {
      if (a instanceof Integer x && b instanceof Integer y) {
        return Integer.compare(x, y);
      }
      if (a instanceof String x && b instanceof String y) {
        return x.compareTo(y);
      }
      return a instanceof Integer ? -1 : 1;
    }

    String text() {
      StringBuilder out = new StringBuilder();
      for (Object segment : segments) {
        if (segment instanceof Integer index) {
          out.append('[').append(index).append(']');
        } else {
          String key = (String) segment;
          if (needsQuotes(key)) {
            out.append("[\"").append(escape(key)).append("\"]");
          } else {
            if (out.length() > 0) {
              out.append('.');
            }
            out.append(key);
          }
        }
      }
      return out.toString();
    }

    private static boolean needsQuotes(String key) {
      if (key.isEmpty()) {
        return true;
      }
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (c == '.'
            || c == '['
            || c == ']'
            || c == '"'
            || c == '\\'
            || Character.isWhitespace(c)
            || Character.isISOControl(c)) {
          return true;
        }
      }
      return false;
    }

    private static String escape(String key) {
      StringBuilder out = new StringBuilder(key.length() + 4);
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\').append(c);
        } else if (Character.isISOControl(c)) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
  }
}
