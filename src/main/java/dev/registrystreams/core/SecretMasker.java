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

  // The simplified words by their first character, when it is ASCII: a key is tested only against
  // the words that start with the character at hand, not against every word at every position.
  private final String[][] wordsByFirst = new String[ASCII][];
  // The words whose first character is not ASCII.
  private final String[] wordsByOtherFirst;
  private final boolean maskUrlCredentials;

  private static final int ASCII = 0x80;

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
    List<List<String>> byFirst = new ArrayList<>();
    for (int c = 0; c <= ASCII; c++) {
      byFirst.add(new ArrayList<>());
    }
    for (String word : secretWords) {
      String s = simplify(word);
      if (!s.isEmpty()) {
        byFirst.get(Math.min(s.charAt(0), ASCII)).add(s);
      }
    }
    for (int c = 0; c < ASCII; c++) {
      wordsByFirst[c] = byFirst.get(c).isEmpty() ? null : byFirst.get(c).toArray(String[]::new);
    }
    this.wordsByOtherFirst = byFirst.get(ASCII).toArray(String[]::new);
  }

  /** True when the value under {@code key} must not be shown. */
  public boolean isSecretKey(@Nullable String key) {
    if (key == null) {
      return false;
    }
    // Lowered by the rules of its script, a key outside ASCII may change its length: it is
    // simplified first. An ASCII key is walked as it is: this runs for every context key of every
    // request, and most have a capital or a separator.
    return holdsWord(isAscii(key) ? key : simplify(key));
  }

  /**
   * Whether {@code simplify(key)} contains a word, for a key that is ASCII or simplified already
   * (then lowering and skipping separators change nothing).
   */
  private boolean holdsWord(String key) {
    for (int start = 0; start < key.length(); start++) {
      char first = lower(key.charAt(start));
      if (separates(first)) {
        continue;
      }
      String[] words = first < ASCII ? wordsByFirst[first] : wordsByOtherFirst;
      if (words == null) {
        continue;
      }
      for (String word : words) {
        if (holdsAt(key, start, word)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code word} is in the simplified form of {@code key} from {@code start} on. */
  private static boolean holdsAt(String key, int start, String word) {
    int matched = 0;
    for (int i = start; i < key.length() && matched < word.length(); i++) {
      char c = key.charAt(i);
      if (separates(c)) {
        continue;
      }
      if (lower(c) != word.charAt(matched)) {
        return false;
      }
      matched++;
    }
    return matched == word.length();
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
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
