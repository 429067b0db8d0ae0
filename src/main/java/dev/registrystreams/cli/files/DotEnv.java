package dev.registrystreams.cli.files;

import dev.registrystreams.core.text.UserText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code .env} file: {@code NAME=value} lines, as Docker Compose reads them.
 *
 * <ul>
 *   <li>Blank lines and lines starting with {@code #} are skipped; {@code export NAME=value} is
 *       accepted.
 *   <li>An unquoted value is trimmed, and a {@code #} preceded by whitespace starts a comment.
 *   <li>A value in single quotes is taken literally; in double quotes, {@code \n}, {@code \t},
 *       {@code \"} and {@code \\} are escapes. Text after the closing quote may only be a comment.
 *   <li>A later line for the same name wins. Values are not interpolated.
 * </ul>
 */
public final class DotEnv {

  private DotEnv() {}

  /** Thrown for a line that is not {@code NAME=value}; the message names the line number. */
  public static final class DotEnvException extends IllegalArgumentException {
    DotEnvException(String message) {
      super(message);
    }
  }

  /** The variables of {@code text}, in file order. */
  public static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = text.split("\\r?\\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ") || line.startsWith("export\t")) {
        line = line.substring(7).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new DotEnvException("line " + (n + 1) + ": expected NAME=value");
      }
      String name = line.substring(0, eq).strip();
      if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
        throw new DotEnvException(
            "line " + (n + 1) + ": " + UserText.quote(name) + " is not a variable name");
      }
      out.put(name, value(line.substring(eq + 1).strip(), n + 1));
    }
    return out;
  }

  private static String value(String raw, int lineNumber) {
    if (raw.isEmpty()) {
      return "";
    }
    char quote = raw.charAt(0);
    if (quote != '\'' && quote != '"') {
      return unquotedValue(raw);
    }
    return quotedValue(raw, quote, lineNumber);
  }

  /** A value without quotes ends at a '#' after whitespace, which starts a comment. */
  private static String unquotedValue(String raw) {
    int comment = -1;
    for (int i = 1; i < raw.length(); i++) {
      if (raw.charAt(i) == '#' && Character.isWhitespace(raw.charAt(i - 1))) {
        comment = i;
        break;
      }
    }
    return (comment < 0 ? raw : raw.substring(0, comment)).strip();
  }

  /** A value in {@code quote}s; escapes count in double quotes only. */
  private static String quotedValue(String raw, char quote, int lineNumber) {
    StringBuilder out = new StringBuilder();
    int i = 1;
    while (true) {
      if (i >= raw.length()) {
        throw new DotEnvException("line " + lineNumber + ": unterminated " + quote + " quote");
      }
      char c = raw.charAt(i);
      if (c == quote) {
        break;
      }
      if (quote == '"' && c == '\\' && i + 1 < raw.length()) {
        appendEscape(out, raw.charAt(i + 1));
        i += 2;
        continue;
      }
      out.append(c);
      i++;
    }
    String rest = raw.substring(i + 1).strip();
    if (!rest.isEmpty() && !rest.startsWith("#")) {
      throw new DotEnvException(
          "line " + lineNumber + ": unexpected text after the closing " + quote + " quote");
    }
    return out.toString();
  }

  /** Appends what the backslash and {@code e} after it stand for; an unknown escape stays. */
  private static void appendEscape(StringBuilder out, char e) {
    switch (e) {
      case 'n' -> out.append('\n');
      case 't' -> out.append('\t');
      case 'r' -> out.append('\r');
      case '"', '\\', '$' -> out.append(e);
      default -> out.append('\\').append(e);
    }
  }
}
