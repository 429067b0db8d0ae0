package dev.registrystreams.core.diff;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

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
 * reported as {@link LeafText}, so {@code 42} and {@code "42"} differ.
 */
public final class ConfigDiff {

  private ConfigDiff() {}

  /** The changes that turn {@code before} into {@code after}; {@code before} null adds all. */
  public static List<PathChange> diff(
      @Nullable Map<String, Object> before, @Nullable Map<String, Object> after) {
    return DiffWalk.diff(before, after);
  }

  /** Every leaf of {@code doc} (null: none) by path, as {@link LeafText}. */
  static NavigableMap<ConfigPath, String> leaves(@Nullable Map<String, Object> doc) {
    TreeMap<ConfigPath, String> out = new TreeMap<>();
    if (doc != null) {
      for (Map.Entry<String, Object> e : doc.entrySet()) {
        collect(new ConfigPath(List.of(e.getKey())), e.getValue(), out);
      }
    }
    return out;
  }

  static void collect(
      ConfigPath path, @Nullable Object value, NavigableMap<ConfigPath, String> out) {
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        collect(path.child(String.valueOf(e.getKey())), e.getValue(), out);
      }
    } else if (value instanceof List<?> list && !list.isEmpty()) {
      for (int i = 0; i < list.size(); i++) {
        collect(path.child(i), list.get(i), out);
      }
    } else {
      out.put(path, LeafText.of(value));
    }
  }
}
