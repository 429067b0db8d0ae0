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
      if (text.charAt(i) != '[') {
        i = parsePlainKey(text, i, segments);
      } else if (i + 1 < n && text.charAt(i + 1) == '"') {
        i = parseQuotedKey(text, i, segments);
      } else {
        i = parseIndex(text, i, segments);
      }
    }
    if (segments.isEmpty()) {
      throw bad(text, "empty path");
    }
    return new ConfigPath(segments);
  }

  /**
   * Reads {@code ["key"]} starting at {@code open}, the '[', into {@code segments}.
   *
   * @return the index just past the ']'
   */
  private static int parseQuotedKey(String text, int open, List<Object> segments) {
    int n = text.length();
    StringBuilder key = new StringBuilder();
    int j = open + 2;
    while (true) {
      if (j >= n) {
        throw bad(text, "unterminated quoted key");
      }
      char k = text.charAt(j);
      if (k == '"') {
        break;
      }
      if (k == '\\') {
        j = appendEscape(text, j, key);
      } else {
        key.append(k);
        j++;
      }
    }
    if (j + 1 >= n || text.charAt(j + 1) != ']') {
      throw bad(text, "quoted key not followed by ']'");
    }
    segments.add(key.toString());
    return j + 2;
  }

  /**
   * Appends the character of the escape at {@code backslash} in a quoted key to {@code key}.
   *
   * @return the index just past the escape
   */
  private static int appendEscape(String text, int backslash, StringBuilder key) {
    int n = text.length();
    if (backslash + 1 >= n) {
      throw bad(text, "unterminated escape");
    }
    char e = text.charAt(backslash + 1);
    if (e != 'u') {
      key.append(e);
      return backslash + 2;
    }
    if (backslash + 6 > n) {
      throw bad(text, "short \\u escape");
    }
    try {
      key.append((char) Integer.parseInt(text.substring(backslash + 2, backslash + 6), 16));
    } catch (NumberFormatException ex) {
      throw bad(text, "bad \\u escape");
    }
    return backslash + 6;
  }

  /**
   * Reads {@code [digits]} starting at {@code open}, the '[', into {@code segments}.
   *
   * @return the index just past the ']'
   */
  private static int parseIndex(String text, int open, List<Object> segments) {
    int close = text.indexOf(']', open);
    if (close < 0) {
      throw bad(text, "unterminated index");
    }
    String digits = text.substring(open + 1, close);
    if (digits.isEmpty() || !digits.chars().allMatch(d -> d >= '0' && d <= '9')) {
      throw bad(text, "index " + UserText.quote(digits) + " is not a number");
    }
    try {
      segments.add(Integer.parseInt(digits));
    } catch (NumberFormatException e) {
      throw bad(text, "index too large");
    }
    return close + 1;
  }

  /**
   * Reads a key without quotes at {@code start}, with the '.' before it unless it is the first
   * segment, into {@code segments}.
   *
   * @return the index of the '.' or '[' after the key, or the end of {@code text}
   */
  private static int parsePlainKey(String text, int start, List<Object> segments) {
    int n = text.length();
    int i = start;
    if (text.charAt(i) == '.') {
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
    return j;
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
      if (isPathSyntax(c) || Character.isWhitespace(c) || Character.isISOControl(c)) {
        return true;
      }
    }
    return false;
  }

  /** The characters that {@link #parse} reads as the structure of a path. */
  private static boolean isPathSyntax(char c) {
    return c == '.' || c == '[' || c == ']' || c == '"' || c == '\\';
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
