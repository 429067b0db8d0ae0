package dev.registrystreams.core.yaml;

import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Tells the tag of a plain scalar from its characters alone, for the forms an entry writes fresh
 * every time: lowercase hex digests, ISO timestamps and text that only starts like a number.
 * Everything else is left to the patterns of {@link PortableDumpSchema}, which this must agree with
 * ({@code KnownScalarFormsTest} holds it to them).
 */
final class KnownScalarForms {

  // Every character of every core or YAML 1.1 form that starts with a sign, a digit or a dot
  // (numbers, 0o/0x/0b forms, exponents, sexagesimals, .inf and .nan), timestamps aside.
  private static final String NUMBER_CHARS = "0123456789+-._:oxbeEabcdfABCDFinIN";
  private static final String NUMBER_FIRSTS = "-+0123456789.";

  private KnownScalarForms() {}

  /** The tag the writer's resolver gives {@code value} as a plain scalar, or null if not known. */
  static @Nullable Tag tagOf(String value) {
    if (isHexWithLetter(value)) {
      return Tag.STR;
    }
    if (isTimestamp(value)) {
      return PortableDumpSchema.YAML11_ONLY;
    }
    if (startsLikeNumberOnly(value)) {
      return Tag.STR;
    }
    return null;
  }

  /**
   * Lowercase hex with one of a, c, d or f: no number form has those letters without an 0x, a dot
   * or a sign (b and e do: 0b101, 1e5).
   */
  private static boolean isHexWithLetter(String value) {
    boolean letter = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 'a' || c == 'c' || c == 'd' || c == 'f') {
        letter = true;
      } else if (!(c >= '0' && c <= '9') && c != 'b' && c != 'e') {
        return false;
      }
    }
    return letter;
  }

  /**
   * YAML 1.1's timestamp, {@code [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?}, which no core form
   * matches: a dash after four digits is neither a sign nor part of an exponent.
   */
  private static boolean isTimestamp(String value) {
    if (!fourDigitsAndDash(value)) {
      return false;
    }
    int i = digits(value, 5);
    if (i == 5 || i > 7 || i >= value.length() || value.charAt(i) != '-') {
      return false;
    }
    int end = digits(value, i + 1);
    if (end == i + 1 || end > i + 3) {
      return false;
    }
    if (end == value.length()) {
      return true;
    }
    char separator = value.charAt(end);
    return (separator == 'T' || separator == 't' || separator == ' ')
        && noLineTerminator(value, end + 1);
  }

  /**
   * Starts with a sign, a digit or a dot but holds a character no number form has, and is not the
   * start of a timestamp (whose tail may be anything).
   */
  private static boolean startsLikeNumberOnly(String value) {
    if (value.isEmpty() || NUMBER_FIRSTS.indexOf(value.charAt(0)) < 0 || fourDigitsAndDash(value)) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (NUMBER_CHARS.indexOf(value.charAt(i)) < 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean fourDigitsAndDash(String value) {
    return value.length() > 4 && digits(value, 0) == 4 && value.charAt(4) == '-';
  }

  /** The index of the first character at or after {@code from} that is not an ASCII digit. */
  private static int digits(String value, int from) {
    int i = from;
    while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  /** What a regex {@code .} matches: anything but the line terminators. */
  private static boolean noLineTerminator(String value, int from) {
    for (int i = from; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }
}
