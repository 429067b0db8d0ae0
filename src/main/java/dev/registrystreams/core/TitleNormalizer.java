package dev.registrystreams.core;

import java.text.Normalizer;

/** Reduces a title to the form that decides whether two requests are about the same entry. */
public final class TitleNormalizer {

  private TitleNormalizer() {}

  /**
   * NFC, then strip, then every run of whitespace becomes one space. Case is kept: "API" and "api"
   * are different titles in a registry whose headers are case-sensitive.
   */
  public static String normalize(String title) {
    // NFC first so that a whitespace character spelled as a composed sequence is seen as such.
    String nfc = Normalizer.normalize(title, Normalizer.Form.NFC).strip();
    if (isCollapsed(nfc)) {
      return nfc;
    }
    StringBuilder out = new StringBuilder(nfc.length());
    boolean inWhitespace = false;
    for (int i = 0; i < nfc.length(); ) {
      int cp = nfc.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp)) {
        if (!inWhitespace) {
          out.append(' ');
        }
        inWhitespace = true;
      } else {
        out.appendCodePoint(cp);
        inWhitespace = false;
      }
    }
    return out.toString();
  }

  /** Whether every whitespace in {@code text} is a lone space, as most titles' are. */
  private static boolean isCollapsed(String text) {
    // No supplementary code point is whitespace, so a char at a time sees every one.
    boolean afterSpace = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean whitespace = Character.isWhitespace(c);
      if (whitespace && (c != ' ' || afterSpace)) {
        return false;
      }
      afterSpace = whitespace;
    }
    return true;
  }
}
