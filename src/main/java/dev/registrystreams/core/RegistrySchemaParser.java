package dev.registrystreams.core;

import dev.registrystreams.core.text.UserText;
import dev.registrystreams.core.yaml.InvalidYamlException;
import dev.registrystreams.core.yaml.YamlCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/** Turns a registry.yaml document into a {@link RegistrySchema}, with one-line errors. */
final class RegistrySchemaParser {

  private static final List<String> SECTIONS = List.of("header", "limits", "secrets");
  private static final List<String> HEADER_KEYS =
      List.of(
          "scopes",
          "types",
          "variants",
          "defaultVariant",
          "defaultVersion",
          "versionPattern",
          "statuses",
          "defaultStatus");
  private static final List<String> LIMIT_KEYS =
      List.of("maxTitleLength", "maxContextDepth", "maxContextBytes", "maxRequestIdLength");
  private static final List<String> SECRET_KEYS = List.of("keys", "maskUrlCredentials");

  private final String source;

  RegistrySchemaParser(@Nullable String source) {
    this.source = source == null ? "registry.yaml" : source;
  }

  RegistrySchema parse(String yamlText, Map<String, Object> fallback) {
    return fromDocument(document(yamlText), fallback);
  }

  Map<String, Object> document(String yamlText) {
    try {
      return YamlCodec.load(yamlText);
    } catch (InvalidYamlException e) {
      throw error(String.valueOf(e.getMessage()));
    }
  }

  /** Builds the schema; a key missing from {@code doc} is taken from {@code fallback} if given. */
  RegistrySchema fromDocument(Map<String, Object> doc, @Nullable Map<String, Object> fallback) {
    requireKnownKeys(doc, SECTIONS, "");
    Section header = section(doc, fallback, "header", HEADER_KEYS);
    Section limits = section(doc, fallback, "limits", LIMIT_KEYS);
    Section secrets = section(doc, fallback, "secrets", SECRET_KEYS);

    Set<String> scopes = tokenSet(header, "scopes");
    Set<String> types = tokenSet(header, "types");
    Map<String, String> variants = variants(header);
    String defaultVariant = token(header, "defaultVariant");
    Pattern versionPattern = pattern(header, "versionPattern");
    String defaultVersion = string(header, "defaultVersion");
    if (!versionPattern.matcher(defaultVersion).matches()) {
      throw error(
          "header.defaultVersion "
              + UserText.quote(defaultVersion)
              + " does not match header.versionPattern "
              + versionPattern.pattern());
    }
    if (!Header.isSafePart(defaultVersion)) {
      throw error("header.defaultVersion must not contain '[', ']' or whitespace");
    }
    Set<String> statuses = tokenSet(header, "statuses");
    String defaultStatus = token(header, "defaultStatus");
    if (!statuses.contains(defaultStatus)) {
      throw error(
          "header.defaultStatus "
              + defaultStatus
              + " is not one of header.statuses ("
              + String.join(", ", statuses)
              + ")");
    }

    HeaderSchema headerSchema =
        new HeaderSchema(
            scopes,
            types,
            variants,
            defaultVariant,
            defaultVersion,
            versionPattern,
            statuses,
            defaultStatus);
    RequestLimits requestLimits =
        new RequestLimits(
            positiveInt(limits, "maxTitleLength"),
            positiveInt(limits, "maxContextDepth"),
            positiveInt(limits, "maxContextBytes"),
            positiveInt(limits, "maxRequestIdLength"));
    return new RegistrySchema(
        headerSchema, requestLimits, secretWords(secrets), bool(secrets, "maskUrlCredentials"));
  }

  /** One section of the document, with the same section of the fallback behind it. */
  private record Section(
      String name, Map<String, Object> values, @Nullable Map<String, Object> fallback) {}

  private Section section(
      Map<String, Object> doc,
      @Nullable Map<String, Object> fallbackDoc,
      String name,
      List<String> keys) {
    Map<String, Object> values = map(doc, name, name);
    Map<String, Object> fallback = fallbackDoc == null ? null : map(fallbackDoc, name, name);
    if (values != null) {
      requireKnownKeys(values, keys, name + ".");
    }
    return new Section(name, values == null ? Map.of() : values, fallback);
  }

  private @Nullable Map<String, Object> map(Map<String, Object> doc, String key, String path) {
    if (!doc.containsKey(key)) {
      return null;
    }
    Object value = doc.get(key);
    if (!(value instanceof Map<?, ?>)) {
      throw error(path + " must be a map, got " + describe(value));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value;
    return map;
  }

  private void requireKnownKeys(Map<String, Object> map, List<String> allowed, String prefix) {
    for (String key : map.keySet()) {
      if (!allowed.contains(key)) {
        throw error(
            "unknown key "
                + UserText.quote(prefix + key)
                + " (allowed: "
                + String.join(", ", allowed)
                + ")");
      }
    }
  }

  private @Nullable Object value(Section section, String key) {
    if (section.values().containsKey(key)) {
      return section.values().get(key);
    }
    if (section.fallback() != null && section.fallback().containsKey(key)) {
      return section.fallback().get(key);
    }
    throw error("missing key " + section.name() + "." + key);
  }

  private Set<String> tokenSet(Section section, String key) {
    String path = section.name() + "." + key;
    Object value = value(section, key);
    if (!(value instanceof List<?> list)) {
      throw error(path + " must be a list of names, got " + describe(value));
    }
    if (list.isEmpty()) {
      throw error(path + " must not be empty");
    }
    Set<String> out = new LinkedHashSet<>();
    for (Object item : list) {
      String token = requireToken(path, item);
      if (!out.add(token)) {
        throw error(path + " lists " + token + " twice");
      }
    }
    return out;
  }

  private Map<String, String> variants(Section section) {
    String path = section.name() + ".variants";
    Object value = value(section, "variants");
    if (!(value instanceof Map<?, ?> map)) {
      throw error(path + " must be a map of env values to variant names, got " + describe(value));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String env = String.valueOf(e.getKey());
      if (env.isEmpty()) {
        throw error(path + " has an empty env value");
      }
      out.put(env, requireToken(path + "." + env, e.getValue()));
    }
    return out;
  }

  private String token(Section section, String key) {
    return requireToken(section.name() + "." + key, value(section, key));
  }

  private String requireToken(String path, @Nullable Object value) {
    if (!(value instanceof String s) || !HeaderSchema.TOKEN.matcher(s).matches()) {
      throw error(
          path
              + " value "
              + describe(value)
              + " is not a valid name (expected "
              + HeaderSchema.TOKEN.pattern()
              + ", e.g. GOV)");
    }
    return s;
  }

  private String string(Section section, String key) {
    Object value = value(section, key);
    if (!(value instanceof String s) || s.isBlank()) {
      throw error(
          section.name() + "." + key + " must be a non-empty string, got " + describe(value));
    }
    return s;
  }

  private Pattern pattern(Section section, String key) {
    String text = string(section, key);
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw error(
          section.name()
              + "."
              + key
              + " is not a valid regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex());
    }
  }

  private int positiveInt(Section section, String key) {
    Object value = value(section, key);
    if (!(value instanceof Long n) || n < 1 || n > Integer.MAX_VALUE) {
      throw error(
          section.name()
              + "."
              + key
              + " must be a whole number from 1 to "
              + Integer.MAX_VALUE
              + ", got "
              + describe(value));
    }
    return (int) (long) n;
  }

  private boolean bool(Section section, String key) {
    Object value = value(section, key);
    if (!(value instanceof Boolean b)) {
      // Strict, like every other key: 'yes', 1 or "true" in quotes are mistakes, not switches.
      throw error(section.name() + "." + key + " must be true or false, got " + describe(value));
    }
    return b;
  }

  private List<String> secretWords(Section section) {
    String path = section.name() + ".keys";
    Object value = value(section, "keys");
    if (!(value instanceof List<?> list)) {
      throw error(path + " must be a list of words, got " + describe(value));
    }
    List<String> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String word) || SecretMasker.simplify(word).isEmpty()) {
        // An empty word would be contained in every key and mask the whole context.
        throw error(path + " entry " + describe(item) + " must be a word with letters or digits");
      }
      out.add(word);
    }
    return out;
  }

  private static String describe(@Nullable Object value) {
    if (value == null) {
      return "nothing (null)";
    }
    if (value instanceof String s) {
      return UserText.quote(s);
    }
    if (value instanceof Map) {
      return "a map";
    }
    if (value instanceof List) {
      return "a list";
    }
    return String.valueOf(value);
  }

  private RegistrySchemaException error(String problem) {
    return new RegistrySchemaException(source + ": " + problem);
  }
}
