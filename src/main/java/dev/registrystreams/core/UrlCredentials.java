package dev.registrystreams.core;

/**
 * Masks the credentials of every {@code scheme://userinfo@host} URL inside a text, keeping the rest
 * of the text as it was.
 *
 * <p>The rule, in the terms of RFC 3986: a URL is a scheme ({@code ALPHA *( ALPHA / DIGIT / "+" /
 * "-" / "." )}: the scheme characters right before {@code ://}, from the first letter among them)
 * followed by {@code ://} and an authority. The authority runs up to the first {@code /}, {@code
 * ?}, {@code #} or whitespace, or the first {@code "}, {@code <} or {@code >} (which RFC 3986
 * appendix C names as delimiters of a URL in text); none of these can be part of it. When the
 * authority holds an {@code @}, the userinfo is everything before the last one, as the WHATWG URL
 * parser reads it, so a password with an unencoded {@code @} is still masked whole. Then:
 *
 * <ul>
 *   <li>{@code user:password} with a non-empty password keeps the user and masks the password:
 *       {@code postgres://app:******@db:5432/x}, {@code redis://:******@host:6379};
 *   <li>any other non-empty userinfo, a lone {@code token} or {@code user:} with an empty password,
 *       is masked whole: {@code https://******@host}. Nothing tells a user name from a token there,
 *       and tokens do stand alone (GitHub {@code https://TOKEN@github.com}, Sentry DSNs, Redis
 *       passwords before ACLs, Stripe {@code https://sk_live_...:@api.stripe.com}), so it fails
 *       safe, at the price of hiding the user name of {@code ssh://git@host}.
 * </ul>
 *
 * <p>Nothing else is touched: text without {@code scheme://} (an e-mail address {@code a@b.c},
 * {@code mailto:a@b.c}), a URL without userinfo, an {@code @} in a path, query or fragment. A
 * password holding an unencoded {@code /}, {@code ?} or {@code #} is not recognised, since it ends
 * the authority: such a URL is not valid, and reads like one with an {@code @} in its path.
 *
 * <p>The result is a pure function of the text, and masking a masked text changes nothing, so it
 * can feed content hashes and be applied again to stored content.
 */
public final class UrlCredentials {

  private static final String MASK = SecretMasker.MASK;
  private static final String SEPARATOR = "://";

  private UrlCredentials() {}

  /** {@code text} with the credentials of every URL in it masked; {@code text} itself if none. */
  @SuppressWarnings("NullAway") // null in, null out: JSpecify has no way to say that
  public static String mask(String text) {
    return text == null ? null : maskUrls(text);
  }

  private static String maskUrls(String text) {
    // A scan from each "://" rather than a regular expression: the scheme is read backwards from
    // it and the authority forwards, and neither run can cross a '/', so every character is read
    // a bounded number of times however the text is built (64 KiB of "a1a1...://" included).
    StringBuilder out = null;
    int copied = 0;
    for (int sep = text.indexOf(SEPARATOR); sep >= 0; sep = text.indexOf(SEPARATOR, sep + 3)) {
      int authority = sep + SEPARATOR.length();
      int at = lastAt(text, authority);
      if (at <= authority || !hasScheme(text, sep)) {
        // No userinfo, an empty one ("https://@host"), or "://" that ends no scheme.
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, authority).append(masked(text.substring(authority, at)));
      copied = at;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /** The index of the last '@' of the authority starting at {@code from}, or -1. */
  private static int lastAt(String text, int from) {
    int at = -1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (endsAuthority(c)) {
        break;
      }
      if (c == '@') {
        at = i;
      }
    }
    return at;
  }

  private static boolean endsAuthority(char c) {
    return "/?#\"<>".indexOf(c) >= 0 || Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /**
   * True when the characters before {@code sep} end a scheme: a run of scheme characters with a
   * letter in it, where the scheme starts (so {@code 42https://} reads as {@code https://}).
   */
  private static boolean hasScheme(String text, int sep) {
    for (int i = sep - 1; i >= 0 && isSchemeChar(text.charAt(i)); i--) {
      if (isAsciiLetter(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSchemeChar(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  /** {@code user:password} keeps its user; anything else is masked whole. */
  private static String masked(String userInfo) {
    int colon = userInfo.indexOf(':');
    if (colon >= 0 && colon < userInfo.length() - 1) {
      return userInfo.substring(0, colon + 1) + MASK;
    }
    return MASK;
  }
}
