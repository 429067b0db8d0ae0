package dev.registrystreams.cli.files;

import dev.registrystreams.core.text.UserText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in the string values of a document, the way
 * Docker Compose does: {@code ${VAR:-default}} takes the default when VAR is unset or empty, {@code
 * $$} stands for one {@code $}, and a {@code $} not followed by <code>{</code> or {@code $} is
 * kept. Names are {@code [A-Za-z_][A-Za-z0-9_]*}. Keys, numbers and booleans are left alone; a
 * substituted value is always a string.
 *
 * <p>Nothing is silently kept: an unset variable without a default, or a malformed {@code ${...}},
 * is reported, every one of them, by {@link #apply}.
 */
public final class Interpolation {

  /** Thrown when variables are unset or references are malformed; lists every one. */
  public static final class InterpolationException extends IllegalArgumentException {
    private final List<String> missing;

    InterpolationException(String message, List<String> missing) {
      super(message);
      this.missing = List.copyOf(missing);
    }

    /** The unset variables without a default, sorted, each once. */
    public List<String> missing() {
      return missing;
    }
  }

  private final Function<String, @Nullable String> variables;
  private final TreeSet<String> missing = new TreeSet<>();
  private final List<String> malformed = new ArrayList<>();

  private Interpolation(Function<String, @Nullable String> variables) {
    this.variables = variables;
  }

  /**
   * Returns a copy of {@code doc} with every reference in its string values replaced.
   *
   * @param variables the value of a variable, or null when it is unset
   * @throws InterpolationException naming every unset variable and every malformed reference
   */
  public static Map<String, Object> apply(
      Map<String, Object> doc, Function<String, @Nullable String> variables) {
    Interpolation run = new Interpolation(variables);
    Map<String, Object> out = run.map(doc, "");
    if (!run.missing.isEmpty() || !run.malformed.isEmpty()) {
      List<String> parts = new ArrayList<>();
      if (!run.missing.isEmpty()) {
        parts.add(
            "unset variable"
                + (run.missing.size() == 1 ? "" : "s")
                + " without a default: "
                + String.join(", ", run.missing));
      }
      parts.addAll(run.malformed);
      throw new InterpolationException(String.join("; ", parts), new ArrayList<>(run.missing));
    }
    return out;
  }

  private Map<String, Object> map(Map<?, ?> map, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      out.put(key, value(e.getValue(), path.isEmpty() ? key : path + "." + key));
    }
    return out;
  }

  private Object value(Object value, String path) {
    if (value instanceof String text) {
      return string(text, path);
    }
    if (value instanceof Map<?, ?> map) {
      return map(map, path);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(value(list.get(i), path + "[" + i + "]"));
      }
      return out;
    }
    return value;
  }

  private String string(String text, String path) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      if (next != '{') {
        out.append(c);
        i++;
        continue;
      }
      int close = text.indexOf('}', i + 2);
      if (close < 0) {
        malformed.add("unterminated ${ in the value at " + UserText.quote(path));
        return text;
      }
      appendReference(out, text, i, close, path);
      i = close + 1;
    }
    return out.toString();
  }

  /**
   * Appends what the reference {@code ${...}} from {@code dollar} to {@code close} (its '}') stands
   * for; an invalid reference stays as it is, and is reported.
   */
  private void appendReference(StringBuilder out, String text, int dollar, int close, String path) {
    String body = text.substring(dollar + 2, close);
    int dash = body.indexOf(":-");
    String name = dash < 0 ? body : body.substring(0, dash);
    if (!isName(name)) {
      malformed.add(
          "invalid reference ${"
              + UserText.quote(body)
              + "} in the value at "
              + UserText.quote(path)
              + " (expected ${NAME} or ${NAME:-default})");
      out.append(text, dollar, close + 1);
      return;
    }
    String value = variables.apply(name);
    if (dash >= 0 && (value == null || value.isEmpty())) {
      out.append(body.substring(dash + 2));
    } else if (value == null) {
      missing.add(name);
    } else {
      out.append(value);
    }
  }

  private static boolean isName(String name) {
    if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ascii = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      if (!ascii && !(i > 0 && c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }
}
