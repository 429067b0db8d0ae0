package dev.registrystreams.core;

import org.jspecify.annotations.Nullable;

/**
 * The character rule for titles: printable Unicode plus space, tab and line feed.
 *
 * <p>Refused: other control characters (CR, DEL, C1), lone surrogates, Unicode noncharacters, the
 * line and paragraph separators, and the bidi embedding, override and isolate controls that can
 * make text display in a different order than it is stored ("Trojan source"). Zero-width joiner and
 * variation selectors stay allowed because emoji sequences need them.
 *
 * <p>Every rule is a fixed property of the code point, never "unassigned in this JDK's Unicode
 * tables": that would refuse emoji newer than the JDK and make the same record valid on one JDK and
 * a dead letter on another, breaking byte-identical reprocessing.
 */
final class TitleCharacters {

  /** The first refused character of a title: code point, 1-based code point position, kind. */
  record Violation(int codePoint, int position, String kind) {}

  /** The first refused character in {@code title}, or null when all are allowed. */
  @Nullable Violation firstViolation(String title) {
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

  /**
   * Whether {@code title} has a character that shows: not only spaces of any kind (NBSP,
   * ideographic space), format characters (zero-width space and joiners, bidi marks, word joiner),
   * variation selectors or Hangul fillers, which look like an empty title.
   */
  static boolean hasVisible(String title) {
    for (int i = 0; i < title.length(); ) {
      int cp = title.codePointAt(i);
      i += Character.charCount(cp);
      if (!invisible(cp)) {
        return true;
      }
    }
    return false;
  }

  private static boolean invisible(int cp) {
    return isSpaceOrFormat(cp) || isVariationSelector(cp) || isHangulFiller(cp);
  }

  private static boolean isSpaceOrFormat(int cp) {
    return Character.isWhitespace(cp)
        || Character.isSpaceChar(cp)
        || Character.getType(cp) == Character.FORMAT;
  }

  /** Variation Selectors (VS1 to VS16) and Variation Selectors Supplement (VS17 to VS256). */
  private static boolean isVariationSelector(int cp) {
    return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
  }

  /** The choseong, jungseong, compatibility and halfwidth Hangul fillers. */
  private static boolean isHangulFiller(int cp) {
    return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0;
  }

  /** Why {@code cp} is refused, or null when it is allowed. */
  static @Nullable String refusal(int cp) {
    if (cp == '\t' || cp == '\n') {
      return null;
    }
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      return "bidirectional control character";
    }
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
      return "noncharacter";
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL -> "control character";
      case Character.SURROGATE -> "unpaired surrogate";
      case Character.LINE_SEPARATOR -> "line separator";
      case Character.PARAGRAPH_SEPARATOR -> "paragraph separator";
      default -> null;
    };
  }
}
