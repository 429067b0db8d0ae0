package dev.registrystreams.core.diff;

import dev.registrystreams.core.text.UserText;
import dev.registrystreams.core.yaml.InvalidYamlException;
import dev.registrystreams.core.yaml.YamlCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Applies the leaf-level changes of {@link ConfigDiff} to a document: the inverse of the diff, so
 * that {@code apply(before, ConfigDiff.diff(before, after))} equals {@code after} (map keys come
 * out sorted at every level, which is how content documents keep their context).
 *
 * <p>It works on the same leaves as the diff: the document is flattened to one {@link LeafText}
 * value per leaf path, the changes are applied to that map, and the tree is built back from it.
 * Every change is checked: an ADD needs an absent path, an UPDATE or DELETE the exact old value. A
 * list must come out with indexes 0..n-1, and no path may be both a leaf and hold other leaves. A
 * history whose events do not fit together therefore fails loudly instead of yielding a plausible
 * but wrong document.
 */
public final class ConfigPatch {

  private ConfigPatch() {}

  /** Thrown when a change does not fit the document it is applied to. */
  public static final class ConflictException extends IllegalArgumentException {
    ConflictException(@Nullable String message) {
      super(message);
    }
  }

  /**
   * Returns {@code before} (null: the empty document) with {@code changes} applied; the input is
   * not modified.
   *
   * @throws ConflictException when a change does not fit
   */
  public static Map<String, Object> apply(
      @Nullable Map<String, Object> before, List<PathChange> changes) {
    NavigableMap<ConfigPath, String> leaves = ConfigDiff.leaves(before);
    for (PathChange change : changes) {
      ConfigPath path;
      try {
        path = ConfigPath.parse(change.path());
      } catch (IllegalArgumentException e) {
        throw new ConflictException(e.getMessage());
      }
      String current = leaves.get(path);
      switch (change.op()) {
        case ADD -> {
          if (current != null) {
            throw conflict(change, "it already holds " + current);
          }
          leaves.put(path, required(change, change.newValue()));
        }
        case UPDATE -> {
          if (!Objects.equals(current, change.oldValue())) {
            throw conflict(change, current == null ? "it is absent" : "it holds " + current);
          }
          leaves.put(path, required(change, change.newValue()));
        }
        case DELETE -> {
          if (!Objects.equals(current, change.oldValue())) {
            throw conflict(change, current == null ? "it is absent" : "it holds " + current);
          }
          leaves.remove(path);
        }
      }
    }
    return build(leaves);
  }

  private static String required(PathChange change, @Nullable String value) {
    if (value == null) {
      throw conflict(change, "the change has no new value");
    }
    return value;
  }

  private static ConflictException conflict(PathChange change, String why) {
    return new ConflictException(
        "cannot " + change.op() + " " + UserText.quote(change.path()) + ": " + why);
  }

  /** The tree whose leaves are {@code leaves}. */
  private static Map<String, Object> build(NavigableMap<ConfigPath, String> leaves) {
    Node root = new Node();
    for (Map.Entry<ConfigPath, String> leaf : leaves.entrySet()) {
      Node node = root;
      List<Object> segments = leaf.getKey().segments();
      for (Object segment : segments) {
        if (node.leaf != null) {
          throw new ConflictException(
              "path " + UserText.quote(leaf.getKey().text()) + " lies below a leaf");
        }
        node = node.children.computeIfAbsent(segment, s -> new Node());
      }
      if (!node.children.isEmpty()) {
        throw new ConflictException(
            "path " + UserText.quote(leaf.getKey().text()) + " is a leaf and holds other leaves");
      }
      node.leaf = leaf.getValue();
    }
    @SuppressWarnings("unchecked")
    // Every leaf path has a segment, so the root is never a leaf: it is a map.
    Map<String, Object> doc =
        (Map<String, Object>) Objects.requireNonNull(root.value(new ConfigPath(List.of("")), true));
    return doc;
  }

  /** One node while building: a leaf's flow text, or children by segment in path order. */
  private static final class Node {
    @Nullable String leaf;
    final TreeMap<Object, Node> children = new TreeMap<>(Node::compareSegments);

    private static int compareSegments(Object a, Object b) {
      return new ConfigPath(List.of(a)).compareTo(new ConfigPath(List.of(b)));
    }

    @Nullable Object value(ConfigPath at, boolean root) {
      String leaf = this.leaf;
      if (leaf != null) {
        try {
          return YamlCodec.loadValue(leaf);
        } catch (InvalidYamlException e) {
          throw new ConflictException(
              "value at " + UserText.quote(at.text()) + " is not valid: " + e.getMessage());
        }
      }
      boolean list = !children.isEmpty() && children.firstKey() instanceof Integer;
      if (list && !root) {
        List<Object> out = new ArrayList<>(children.size());
        for (Map.Entry<Object, Node> child : children.entrySet()) {
          if (!(child.getKey() instanceof Integer index) || index != out.size()) {
            throw new ConflictException(
                "list at "
                    + UserText.quote(at.text())
                    + " does not have indexes 0.."
                    + (children.size() - 1));
          }
          out.add(child.getValue().value(at.child(index), false));
        }
        return out;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<Object, Node> child : children.entrySet()) {
        if (!(child.getKey() instanceof String key)) {
          throw new ConflictException(
              "map at " + UserText.quote(root ? "(root)" : at.text()) + " has a list index");
        }
        ConfigPath childPath = root ? new ConfigPath(List.of(key)) : at.child(key);
        out.put(key, child.getValue().value(childPath, false));
      }
      return out;
    }
  }
}
