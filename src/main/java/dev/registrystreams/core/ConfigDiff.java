package dev.registrystreams.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Leaf-level difference between two config documents.
 *
 * <p>A leaf is a scalar, an empty map or an empty list. Paths are dotted keys with {@code [i]} for
 * list elements ({@code context.owners[0].name}); a key that is empty or contains {@code .}, {@code
 * [}, {@code ]}, a quote, a backslash or whitespace is written {@code ["a.b"]} with JSON-style
 * escapes. Changes are sorted by path, segment by segment: keys by {@link String#compareTo}, list
 * indexes numerically ({@code [2]} before {@code [10]}), a path before the paths below it.
 *
 * <p>Type changes: when a path is a leaf on both sides, a different value is an UPDATE, even when
 * the type differs ({@code 42} to {@code '42'}, or {@code 5} to {@code {}}). When a subtree
 * replaces a leaf or a leaf replaces a subtree, the leaves that disappear are DELETEs and the
 * leaves that appear are ADDs; there is no UPDATE of a whole subtree. Values are compared and
 * reported in {@link YamlCodec#flow} form, so {@code 42} and {@code '42'} differ.
 */
public final class ConfigDiff {

  private ConfigDiff() {}

  /** The changes that turn {@code before} into {@code after}; {@code before} null adds all. */
  public static List<PathChange> diff(Map<String, Object> before, Map<String, Object> after) {
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
      out.put(path, YamlCodec.flow(EntryDocument.sorted(value)));
    }
  }

  /** A path as segments: String for a map key, Integer for a list index. */
  private record Path(List<Object> segments) implements Comparable<Path> {

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
      // Only where a list became a map or back: indexes first, an arbitrary but fixed choice.
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
