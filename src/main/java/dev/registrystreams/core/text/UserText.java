package dev.registrystreams.core.text;

import org.jspecify.annotations.Nullable;

/** Renders untrusted user text for one-line messages: quoted, escaped and shortened. */
public final class UserText {

  /** Longest piece of user text, in code points, that a message repeats. */
  public static final int MAX_ECHO = 40;

  private UserText() {}

  /**
   * Returns {@code text} in single quotes with invisible and line-breaking characters written as
   * {@code \}{@code uXXXX}, cut to {@link #MAX_ECHO} code points; messages are read in terminals
   * and logs, where a raw control or bidi character could rewrite what the reader sees. Null is
   * written {@code null}, without quotes.
   */
  public static String quote(@Nullable String text) {
    return quote(text, MAX_ECHO);
  }

  /** Like {@link #quote(String)}, cut to {@code maxCodePoints} instead. */
  public static String quote(@Nullable String text, int maxCodePoints) {
    if (text == null) {
      return "null";
    }
    StringBuilder out =
        new StringBuilder(Math.min(text.length(), maxCodePoints * 6) + 8).append('\'');
    int shown = 0;
    int total = text.codePointCount(0, text.length());
    for (int i = 0; i < text.length() && shown < maxCodePoints; shown++) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\\' || cp == '\'') {
        out.append('\\').appendCodePoint(cp);
      } else if (needsEscape(cp)) {
        out.append(escape(cp));
      } else {
        out.appendCodePoint(cp);
      }
    }
    out.append('\'');
    if (total > shown) {
      out.append("... (").append(total).append(" characters)");
    }
    return out.toString();
  }

  /** Formats a code point as U+0007 / U+1F600, the way the Unicode standard names it. */
  public static String codePointName(int cp) {
    return String.format("U+%04X", cp);
  }

  private static String escape(int cp) {
    return cp <= 0xFFFF ? String.format("\\u%04X", cp) : String.format("\\u{%X}", cp);
  }

  private static boolean needsEscape(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.UNASSIGNED,
          Character.PRIVATE_USE,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          true;
      default -> Character.isWhitespace(cp) && cp != ' ';
    };
  }
}
