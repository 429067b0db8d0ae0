package dev.registrystreams.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Replaces the values of secret-looking context keys by {@value #MASK}, and the credentials of URLs
 * in every other string value, before anything is stored, hashed, diffed or logged.
 *
 * <p>A key is secret when its {@linkplain #simplify simplified} form contains the simplified form
 * of one of the configured words. A string value under any other key, in a map or a list at any
 * depth, has the credentials of its {@code scheme://userinfo@host} URLs masked as {@link
 * UrlCredentials} describes, unless that is switched off. Because hashes and diffs are computed
 * over masked content, a request that changes only a secret value resolves to UNCHANGED: the
 * registry never holds secrets, so it has nothing to update.
 *
 * <p>Masking is a pure function of the configuration and the context, and masking masked content
 * changes nothing: stored contexts are masked again when their content is rebuilt.
 */
public final class SecretMasker {

  /** What every secret value becomes. */
  public static final String MASK = "******";

  private final List<String> words;
  private final boolean maskUrlCredentials;

  /** Masks keys that contain any of {@code secretWords} and URL credentials everywhere. */
  public SecretMasker(List<String> secretWords) {
    this(secretWords, true);
  }

  /**
   * Masks keys that contain any of {@code secretWords}; blank words are ignored.
   *
   * @param maskUrlCredentials whether string values have their URL credentials masked too
   */
  public SecretMasker(List<String> secretWords, boolean maskUrlCredentials) {
    this.maskUrlCredentials = maskUrlCredentials;
    List<String> simplified = new ArrayList<>();
    for (String word : secretWords) {
      String s = simplify(word);
      if (!s.isEmpty()) {
        simplified.add(s);
      }
    }
    this.words = List.copyOf(simplified);
  }

  /** True when the value under {@code key} must not be shown. */
  public boolean isSecretKey(@Nullable String key) {
    if (key == null) {
      return false;
    }
    if (isSimple(key)) {
      return holdsWord(key);
    }
    if (!isAscii(key)) {
      // Lowered by the rules of its script, which may change its length.
      return holdsWord(simplify(key));
    }
    for (String word : words) {
      if (holdsSimplified(key, word)) {
        return true;
      }
    }
    return false;
  }

  private boolean holdsWord(String simplified) {
    for (String word : words) {
      if (simplified.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code simplify(key).contains(word)} for an ASCII key, without building the simplified
   * key: this runs for every context key of every request, and most have a capital or a separator.
   */
  private static boolean holdsSimplified(String key, String word) {
    for (int start = 0; start < key.length(); start++) {
      if (separates(key.charAt(start))) {
        continue;
      }
      int matched = 0;
      for (int i = start; i < key.length() && matched < word.length(); i++) {
        char c = key.charAt(i);
        if (separates(c)) {
          continue;
        }
        char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        if (lower != word.charAt(matched)) {
          break;
        }
        matched++;
      }
      if (matched == word.length()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns a copy of {@code context} in which the value of every secret key, scalar or whole
   * subtree, is {@value #MASK}, and every other string has its URL credentials masked; maps and
   * strings inside lists are searched too. Keys are kept as they are. The input is not modified.
   */
  public Map<String, Object> mask(Map<String, Object> context) {
    return maskMap(context);
  }

  /**
   * Whether {@link #mask} would give a context that differs from {@code context} (by {@code
   * equals}), found without copying anything: most contexts hold no secret.
   */
  public boolean changes(Map<String, Object> context) {
    return changesMap(context);
  }

  private boolean changesMap(Map<?, ?> map) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (isSecretKey(String.valueOf(e.getKey()))
          ? !MASK.equals(e.getValue())
          : changesValue(e.getValue())) {
        return true;
      }
    }
    return false;
  }

  private boolean changesValue(@Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      return changesMap(map);
    }
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (changesValue(item)) {
          return true;
        }
      }
      return false;
    }
    return value instanceof String text && !maskText(text).equals(text);
  }

  /**
   * A string value not under a secret key, as {@link #mask} leaves it: with its URL credentials
   * masked, or as it is when that is switched off.
   */
  public String maskText(String text) {
    return maskUrlCredentials ? UrlCredentials.mask(text) : text;
  }

  /**
   * Lowercase with '_', '-', '.' and whitespace removed, so that {@code API-Key}, {@code api_key}
   * and {@code apiKey} all read as {@code apikey}.
   */
  static String simplify(String key) {
    if (isSimple(key)) {
      // Most keys are lowercase words already: nothing to remove or lower.
      return key;
    }
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!separates(c)) {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /** The characters {@link #simplify} removes. */
  private static boolean separates(char c) {
    return c == '_' || c == '-' || c == '.' || Character.isWhitespace(c);
  }

  private static boolean isAscii(String key) {
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSimple(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  private Map<String, Object> maskMap(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      out.put(key, isSecretKey(key) ? MASK : maskValue(e.getValue()));
    }
    return out;
  }

  private @Nullable Object maskValue(@Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      return maskMap(map);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(maskValue(item));
      }
      return out;
    }
    if (value instanceof String text) {
      return maskText(text);
    }
    return value;
  }
}
