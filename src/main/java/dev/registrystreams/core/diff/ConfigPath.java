package dev.registrystreams.core.diff;

import dev.registrystreams.core.text.UserText;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A path into a config document as segments: String for a map key, Integer for a list index.
 *
 * <p>{@link #text()} is the form {@link ConfigDiff} documents ({@code context.owners[0].name},
 * {@code ["a.b"]} for a key that needs quoting) and {@link #parse} reads it back exactly. Paths
 * order segment by segment: keys by {@link String#compareTo}, list indexes numerically, a path
 * before the paths below it.
 */
record ConfigPath(List<Object> segments) implements Comparable<ConfigPath> {

  ConfigPath {
    segments = List.copyOf(segments);
  }

  ConfigPath child(Object segment) {
    List<Object> longer = new ArrayList<>(segments.size() + 1);
    longer.addAll(segments);
    longer.add(segment);
    return new ConfigPath(longer);
  }

  /** The path without its last segment; null for a path of one segment. */
  @Nullable ConfigPath parent() {
    return segments.size() < 2 ? null : new ConfigPath(segments.subList(0, segments.size() - 1));
  }

  Object last() {
    return segments.get(segments.size() - 1);
  }

  @Override
  public int compareTo(ConfigPath other) {
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
    return appendTo(new StringBuilder()).toString();
  }

  /** Appends this path to the text of the path it is below ({@code out}, empty for the root). */
  StringBuilder appendTo(StringBuilder out) {
    for (Object segment : segments) {
      if (segment instanceof Integer index) {
        appendIndex(out, index);
      } else {
        appendKey(out, (String) segment);
      }
    }
    return out;
  }

  /**
   * Appends a list index to the text of a path ({@code out}, empty for the root). The text of a
   * path is the text of its parent followed by that of its last segment, so a walk can keep one
   * builder and cut it back.
   */
  static void appendIndex(StringBuilder out, int index) {
    out.append('[').append(index).append(']');
  }

  /** Appends a map key to the text of a path, as {@link #appendIndex} does an index. */
  static void appendKey(StringBuilder out, String key) {
    if (needsQuotes(key)) {
      out.append("[\"").append(escape(key)).append("\"]");
    } else {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(key);
    }
  }

  /**
   * Reads {@link #text()} output back.
   *
   * @throws IllegalArgumentException when {@code text} is not such a path
   */
  static ConfigPath parse(String text) {
    List<Object> segments = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '[') {
        if (i + 1 < n && text.charAt(i + 1) == '"') {
          StringBuilder key = new StringBuilder();
          int j = i + 2;
          while (true) {
            if (j >= n) {
              throw bad(text, "unterminated quoted key");
            }
            char k = text.charAt(j);
            if (k == '"') {
              break;
            }
            if (k == '\\') {
              if (j + 1 >= n) {
                throw bad(text, "unterminated escape");
              }
              char e = text.charAt(j + 1);
              if (e == 'u') {
                if (j + 6 > n) {
                  throw bad(text, "short \\u escape");
                }
                try {
                  key.append((char) Integer.parseInt(text.substring(j + 2, j + 6), 16));
                } catch (NumberFormatException ex) {
                  throw bad(text, "bad \\u escape");
                }
                j += 6;
              } else {
                key.append(e);
                j += 2;
              }
            } else {
              key.append(k);
              j++;
            }
          }
          if (j + 1 >= n || text.charAt(j + 1) != ']') {
            throw bad(text, "quoted key not followed by ']'");
          }
          segments.add(key.toString());
          i = j + 2;
        } else {
          int close = text.indexOf(']', i);
          if (close < 0) {
            throw bad(text, "unterminated index");
          }
          String digits = text.substring(i + 1, close);
          if (digits.isEmpty() || !digits.chars().allMatch(d -> d >= '0' && d <= '9')) {
            throw bad(text, "index " + UserText.quote(digits) + " is not a number");
          }
          try {
            segments.add(Integer.parseInt(digits));
          } catch (NumberFormatException e) {
            throw bad(text, "index too large");
          }
          i = close + 1;
        }
      } else {
        if (c == '.') {
          if (segments.isEmpty()) {
            throw bad(text, "starts with '.'");
          }
          i++;
        } else if (!segments.isEmpty()) {
          throw bad(text, "key without '.' before it");
        }
        int j = i;
        while (j < n && text.charAt(j) != '.' && text.charAt(j) != '[') {
          j++;
        }
        if (j == i) {
          throw bad(text, "empty key");
        }
        segments.add(text.substring(i, j));
        i = j;
      }
    }
    if (segments.isEmpty()) {
      throw bad(text, "empty path");
    }
    return new ConfigPath(segments);
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("invalid path " + UserText.quote(text) + ": " + why);
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
