package dev.registrystreams.core;

import dev.registrystreams.core.text.UserText;
import java.util.Locale;

/**
 * The six parts of an entry header and its two renderings: {@code [SCOPE][TYPE][VARIANT][ID]
 * [VERSION][STATUS]} and the grepable {@code [scope-type-variant-id-version-status]}.
 *
 * <p>Every part is a validated token, so plain formatting is safe; the constructor still refuses
 * brackets and whitespace so that a configuration mistake cannot produce an ambiguous header.
 */
public record Header(
    String scope, String type, String variant, String id, String version, String status) {

  public Header {
    requireToken("scope", scope);
    requireToken("type", type);
    requireToken("variant", variant);
    requireToken("id", id);
    requireToken("version", version);
    requireToken("status", status);
  }

  /** {@code [SCOPE][TYPE][VARIANT][ID][VERSION][STATUS]}. */
  public String text() {
    return "[" + scope + "][" + type + "][" + variant + "][" + id + "][" + version + "][" + status
        + "]";
  }

  /** {@code [scope-type-variant-id-version-status]}, all lowercase: one token for grep. */
  public String grepable() {
    String joined = String.join("-", scope, type, variant, id, version, status);
    return "[" + joined.toLowerCase(Locale.ROOT) + "]";
  }

  /** True when {@code part} can stand between brackets in a header. */
  public static boolean isSafePart(String part) {
    if (part == null || part.isEmpty()) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '[' || c == ']' || Character.isWhitespace(c) || Character.isISOControl(c)) {
        return false;
      }
    }
    return true;
  }

  private static void requireToken(String name, String part) {
    if (!isSafePart(part)) {
      throw new IllegalArgumentException(
          "header "
              + name
              + " "
              + UserText.quote(part)
              + " is empty or contains '[', ']' or whitespace");
    }
  }
}
