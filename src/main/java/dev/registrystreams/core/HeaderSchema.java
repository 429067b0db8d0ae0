package dev.registrystreams.core;

import dev.registrystreams.core.text.UserText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The allowed header values and their defaults.
 *
 * <p>Scopes, types, statuses and variants are tokens matching {@link #TOKEN}, so any header built
 * from them is well formed. Sets and the variant map keep their configured order, which is the
 * order error messages list them in.
 */
public record HeaderSchema(
    Set<String> scopes,
    Set<String> types,
    Map<String, String> variants,
    String defaultVariant,
    String defaultVersion,
    Pattern versionPattern,
    Set<String> statuses,
    String defaultStatus) {

  /** What a scope, type, status or variant looks like. */
  public static final Pattern TOKEN = Pattern.compile("[A-Z][A-Z0-9]{0,15}");

  /** The context key whose value picks the variant. */
  public static final String ENV_KEY = "env";

  public HeaderSchema {
    scopes = tokens("scopes", scopes);
    types = tokens("types", types);
    statuses = tokens("statuses", statuses);
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : variants.entrySet()) {
      copy.put(Objects.requireNonNull(e.getKey(), "variant key"), token("variant", e.getValue()));
    }
    variants = Collections.unmodifiableMap(copy);
    defaultVariant = token("defaultVariant", defaultVariant);
    Objects.requireNonNull(versionPattern, "versionPattern");
    if (defaultVersion == null || !versionPattern.matcher(defaultVersion).matches()) {
      throw new IllegalArgumentException(
          "defaultVersion " + UserText.quote(defaultVersion) + " does not match versionPattern");
    }
    if (!Header.isSafePart(defaultVersion)) {
      throw new IllegalArgumentException("defaultVersion contains '[', ']' or whitespace");
    }
    defaultStatus = token("defaultStatus", defaultStatus);
    if (!statuses.contains(defaultStatus)) {
      throw new IllegalArgumentException("defaultStatus " + defaultStatus + " is not a status");
    }
  }

  /** The variant for a request context: {@code variants[context.env]}, else the default. */
  public String variantFor(@Nullable Map<String, Object> context) {
    return variantForEnv(context == null ? null : context.get(ENV_KEY));
  }

  /**
   * The variant for the value of a context's {@value #ENV_KEY} key (null when it has none): what
   * {@link #variantFor} gives for that context.
   */
  public String variantForEnv(@Nullable Object env) {
    if (env instanceof String text) {
      String variant = variants.get(text);
      if (variant != null) {
        return variant;
      }
    }
    return defaultVariant;
  }

  /** Equal when every field is, comparing the version pattern by its text and flags. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HeaderSchema h
        && scopes.equals(h.scopes)
        && types.equals(h.types)
        && variants.equals(h.variants)
        && defaultVariant.equals(h.defaultVariant)
        && defaultVersion.equals(h.defaultVersion)
        && versionPattern.pattern().equals(h.versionPattern.pattern())
        && versionPattern.flags() == h.versionPattern.flags()
        && statuses.equals(h.statuses)
        && defaultStatus.equals(h.defaultStatus);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        scopes,
        types,
        variants,
        defaultVariant,
        defaultVersion,
        versionPattern.pattern(),
        statuses,
        defaultStatus);
  }

  private static Set<String> tokens(String name, Set<String> values) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    Set<String> copy = new LinkedHashSet<>();
    for (String value : values) {
      copy.add(token(name, value));
    }
    return Collections.unmodifiableSet(copy);
  }

  private static String token(String name, String value) {
    if (value == null || !TOKEN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          name + " value " + UserText.quote(value) + " does not match " + TOKEN.pattern());
    }
    return value;
  }
}
