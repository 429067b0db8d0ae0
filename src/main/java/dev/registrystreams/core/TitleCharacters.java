package dev.registrystreams.core;

/**
 * The character rule for titles: printable Unicode plus space, tab and line feed.
 *
 * <p>Refused: other control characters (CR, DEL, C1), lone surrogates, code points this JDK's
 * Unicode tables do not assign, the line and paragraph separators, and the bidi embedding, override
 * and isolate controls that can make text display in a different order than it is stored ("Trojan
 * source"). Zero-width joiner and variation selectors stay allowed because emoji sequences need
 * them.
 */
final class TitleCharacters {

  /** The first refused character of a title: code point, 1-based code point position, kind. */
  record Violation(int codePoint, int position, String kind) {}

  /** The first refused character in {@code title}, or null when all are allowed. */
  Violation firstViolation(String title) {
    int position = 0;
    for (int i = 0; i < title.length(); ) {
      int cp = title.codePointAt(i);
      i += Character.charCount(cp);
      position++;
      String kind = refusal(cp);
      if (kind != null) {
        return new Violation(cp, position, kind);
      }
    }
    return null;
  }

  /** Why {@code cp} is refused, or null when it is allowed. */
  static String refusal(int cp) {
    if (cp == '\t' || cp == '\n') {
      return null;
    }
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      return "bidirectional control character";
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL -> "control character";
      case Character.SURROGATE -> "unpaired surrogate";
      case Character.UNASSIGNED -> "unassigned code point";
      case Character.LINE_SEPARATOR -> "line separator";
      case Character.PARAGRAPH_SEPARATOR -> "paragraph separator";
      default -> null;
    };
  }
}
