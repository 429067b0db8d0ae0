package dev.registrystreams.core.diff;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One run of {@link ConfigDiff#diff}: a walk over both documents at once that emits changes in path
 * order as it goes. Subtrees that are equal are skipped without rendering anything, and a path's
 * text is built only for a change.
 *
 * <p>Map keys are looked up, so maps are expected to find a key by {@link String#equals}, as maps
 * read from YAML or JSON do. A map with a key that is not a string (only an unchecked cast puts one
 * there) is diffed the way the first implementation did it: by flattening to sorted leaves.
 */
final class DiffWalk {

  /** A path that one document does not have; null is a value, and a leaf. */
  private static final Object ABSENT = new Object();

  private static final String[] NO_KEYS = new String[0];

  private enum Kind {
    ABSENT,
    LEAF,
    LIST,
    MAP
  }

  private final List<PathChange> changes = new ArrayList<>();

  /** The text of the path being walked; cut back on the way up. */
  private final StringBuilder path = new StringBuilder(64);

  private DiffWalk() {}

  static List<PathChange> diff(
      @Nullable Map<String, Object> before, @Nullable Map<String, Object> after) {
    Map<?, ?> old = before == null ? Map.of() : before;
    Map<?, ?> now = after == null ? Map.of() : after;
    DiffWalk walk = new DiffWalk();
    String[] keys = sortedKeys(old, now);
    if (keys != null) {
      walk.keys(keys, old, now);
    } else {
      // leaves() keeps a root key as it is (an Integer is taken for a list index), nested keys not.
      walk.merge(ConfigDiff.leaves(before), ConfigDiff.leaves(after));
    }
    return walk.changes;
  }

  /** The changes at the current path, where {@code old} and {@code now} are not both absent. */
  private void node(@Nullable Object old, @Nullable Object now) {
    Kind was = kind(old);
    Kind is = kind(now);
    if (was == is) {
      switch (was) {
        case LEAF -> leaf(old, now);
        case LIST -> lists(asList(old), asList(now));
        case MAP -> maps(asMap(old), asMap(now));
        default -> throw new IllegalStateException("absent on both sides");
      }
      return;
    }
    kindChanged(old, was, now, is);
  }

  /**
   * The changes at the current path where the value is of another kind than before. A leaf, a list
   * and a map share no leaves: all of one side go and all of the other come, in path order: the
   * leaf at this path, then list indexes, then map keys.
   */
  private void kindChanged(@Nullable Object old, Kind was, @Nullable Object now, Kind is) {
    if (was == Kind.LEAF) {
      emit(ChangeOp.DELETE, LeafText.of(old), null);
    } else if (is == Kind.LEAF) {
      emit(ChangeOp.ADD, null, LeafText.of(now));
    }
    if (was == Kind.LIST || is == Kind.LIST) {
      lists(was == Kind.LIST ? asList(old) : List.of(), is == Kind.LIST ? asList(now) : List.of());
    }
    if (was == Kind.MAP || is == Kind.MAP) {
      maps(was == Kind.MAP ? asMap(old) : Map.of(), is == Kind.MAP ? asMap(now) : Map.of());
    }
  }

  /** A value of kind LIST, which is never null. */
  private static List<?> asList(@Nullable Object value) {
    return (List<?>) Objects.requireNonNull(value);
  }

  /** A value of kind MAP, which is never null. */
  private static Map<?, ?> asMap(@Nullable Object value) {
    return (Map<?, ?>) Objects.requireNonNull(value);
  }

  private void leaf(@Nullable Object old, @Nullable Object now) {
    String from = LeafText.of(old);
    String to = LeafText.of(now);
    if (!from.equals(to)) {
      emit(ChangeOp.UPDATE, from, to);
    }
  }

  private void lists(List<?> old, List<?> now) {
    int n = Math.max(old.size(), now.size());
    for (int i = 0; i < n; i++) {
      Object was = i < old.size() ? old.get(i) : ABSENT;
      Object is = i < now.size() ? now.get(i) : ABSENT;
      if (!same(was, is)) {
        int mark = path.length();
        ConfigPath.appendIndex(path, i);
        node(was, is);
        path.setLength(mark);
      }
    }
  }

  private void maps(Map<?, ?> old, Map<?, ?> now) {
    String[] keys = sortedKeys(old, now);
    if (keys != null) {
      keys(keys, old, now);
    } else {
      merge(leavesBelow(old), leavesBelow(now));
    }
  }

  private void keys(String[] keys, Map<?, ?> old, Map<?, ?> now) {
    for (String key : keys) {
      Object was = valueAt(old, key);
      Object is = valueAt(now, key);
      if (!same(was, is)) {
        int mark = path.length();
        ConfigPath.appendKey(path, key);
        node(was, is);
        path.setLength(mark);
      }
    }
  }

  private void emit(ChangeOp op, @Nullable String oldValue, @Nullable String newValue) {
    changes.add(new PathChange(path.toString(), op, oldValue, newValue));
  }

  /** The value of {@code key}, or ABSENT: a null value is a leaf, a missing key is not. */
  @SuppressWarnings("unchecked")
  private static @Nullable Object valueAt(Map<?, ?> map, Object key) {
    return ((Map<Object, Object>) map).getOrDefault(key, ABSENT);
  }

  private static Kind kind(@Nullable Object value) {
    if (value == ABSENT) {
      return Kind.ABSENT;
    }
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      return Kind.MAP;
    }
    if (value instanceof List<?> list && !list.isEmpty()) {
      return Kind.LIST;
    }
    return Kind.LEAF;
  }

  /**
   * True when both are present and equal plain data, which therefore have the same leaves with the
   * same text; false for values of any other type, which the walk then compares as text.
   */
  private static boolean same(@Nullable Object a, @Nullable Object b) {
    if (a == null) {
      return b == null;
    }
    if (isPlainScalar(a)) {
      return a.equals(b);
    }
    if (a instanceof Map<?, ?> x) {
      return sameMap(x, b);
    }
    if (a instanceof List<?> x) {
      return sameList(x, b);
    }
    return false;
  }

  /** The scalar types of a parsed document, whose equals is that of their text. */
  private static boolean isPlainScalar(Object a) {
    return a instanceof String
        || a instanceof Long
        || a instanceof Boolean
        || a instanceof Double
        || a instanceof Integer
        || a instanceof BigInteger;
  }

  /** {@link #same} for a map {@code x}: string keys only, each with the same value in {@code b}. */
  private static boolean sameMap(Map<?, ?> x, @Nullable Object b) {
    if (!(b instanceof Map<?, ?> y) || x.size() != y.size()) {
      return false;
    }
    for (Map.Entry<?, ?> e : x.entrySet()) {
      if (!(e.getKey() instanceof String) || !same(e.getValue(), valueAt(y, e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** {@link #same} for a list {@code x}. */
  private static boolean sameList(List<?> x, @Nullable Object b) {
    if (!(b instanceof List<?> y) || x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (!same(x.get(i), y.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The union of the keys of both maps in {@link String#compareTo} order; null if one is not a
   * string.
   */
  private static String @Nullable [] sortedKeys(Map<?, ?> old, Map<?, ?> now) {
    String[] a = keysOf(old);
    String[] b = keysOf(now);
    if (a == null || b == null) {
      return null;
    }
    if (b.length == 0) {
      return a;
    }
    if (a.length == 0) {
      return b;
    }
    return union(a, b);
  }

  /** The merge of two sorted arrays of keys, sorted, each key once. */
  private static String[] union(String[] a, String[] b) {
    String[] union = new String[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length && j < b.length) {
      int c = a[i].compareTo(b[j]);
      union[n++] = c <= 0 ? a[i] : b[j];
      if (c <= 0) {
        i++;
      }
      if (c >= 0) {
        j++;
      }
    }
    while (i < a.length) {
      union[n++] = a[i++];
    }
    while (j < b.length) {
      union[n++] = b[j++];
    }
    return n == union.length ? union : Arrays.copyOf(union, n);
  }

  /** The keys of {@code map}, sorted; null if one is not a string. */
  private static String @Nullable [] keysOf(Map<?, ?> map) {
    if (map.isEmpty()) {
      return NO_KEYS;
    }
    String[] keys = new String[map.size()];
    int n = 0;
    for (Object key : map.keySet()) {
      if (!(key instanceof String s)) {
        return null;
      }
      keys[n++] = s;
    }
    Arrays.sort(keys);
    return keys;
  }

  /**
   * The leaves of a map's children by path below it, as the first implementation collected them: a
   * key is its {@link String#valueOf}, and of keys that collide the last one iterated wins.
   */
  private static NavigableMap<ConfigPath, String> leavesBelow(Map<?, ?> map) {
    TreeMap<ConfigPath, String> out = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      ConfigDiff.collect(new ConfigPath(List.of(String.valueOf(e.getKey()))), e.getValue(), out);
    }
    return out;
  }

  /** Emits the changes between two sets of leaves by path below the current path. */
  private void merge(NavigableMap<ConfigPath, String> old, NavigableMap<ConfigPath, String> now) {
    TreeSet<ConfigPath> paths = new TreeSet<>(old.keySet());
    paths.addAll(now.keySet());
    int mark = path.length();
    for (ConfigPath below : paths) {
      below.appendTo(path);
      String was = old.get(below);
      String is = now.get(below);
      if (was == null) {
        emit(ChangeOp.ADD, null, is);
      } else if (is == null) {
        emit(ChangeOp.DELETE, was, null);
      } else if (!was.equals(is)) {
        emit(ChangeOp.UPDATE, was, is);
      }
      path.setLength(mark);
    }
  }
}
