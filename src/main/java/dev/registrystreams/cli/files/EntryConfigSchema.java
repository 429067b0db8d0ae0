package dev.registrystreams.cli.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.registrystreams.core.yaml.YamlCodec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The published JSON Schema of an entry config ({@code schemas/entry-config.schema.json}, shipped
 * in the jar at {@link #RESOURCE}), applied to a parsed config and its problems told in the words
 * validate uses for every other problem.
 *
 * <p>The schema holds the structure (keys, types, shapes of headers, ids, hashes and times); what
 * depends on the registry configuration or on several fields at once stays with {@link
 * ConfigValidator}. Thread-safe: one instance serves every file.
 */
public final class EntryConfigSchema {

  /** The schema's {@code $id}. */
  public static final String ID = "https://registrystreams.dev/schemas/entry-config.schema.json";

  /** Where the schema is on the class path: the file of {@code schemas/}, copied by the build. */
  public static final String RESOURCE = "schemas/entry-config.schema.json";

  /** A structural problem: the path of the value it is about (keys and list indexes), and what. */
  public record Violation(List<Object> path, String message) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonSchema handWritten;
  private final JsonSchema exported;
  private final JsonNode document;

  private EntryConfigSchema() {
    // The $id is mapped to the class path, so that the schema is never fetched from the network.
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder ->
                builder.schemaMappers(mappers -> mappers.mapPrefix(ID, "classpath:" + RESOURCE)));
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .locale(Locale.ROOT)
            .build();
    this.handWritten = factory.getSchema(SchemaLocation.of(ID), config);
    this.exported = factory.getSchema(SchemaLocation.of(ID + "#/$defs/exported"), config);
    this.document = handWritten.getSchemaNode();
  }

  private static final class Holder {
    static final EntryConfigSchema INSTANCE = new EntryConfigSchema();
  }

  /** The schema, read from the class path once. */
  public static EntryConfigSchema get() {
    return Holder.INSTANCE;
  }

  /**
   * The structural problems of {@code config}, in the order the schema finds them.
   *
   * @param exported whether to check the format of a file export writes ({@code #/$defs/exported})
   *     rather than that of any entry config (the root schema)
   */
  public List<Violation> check(Map<String, Object> config, boolean exported) {
    JsonNode instance = JSON.valueToTree(config);
    Set<ValidationMessage> messages = (exported ? this.exported : handWritten).validate(instance);
    // A value can fail two keywords with one meaning (pattern and format): said once.
    Set<Violation> out = new LinkedHashSet<>();
    for (ValidationMessage message : messages) {
      out.add(violation(message, config));
    }
    return List.copyOf(out);
  }

  private Violation violation(ValidationMessage m, Map<String, Object> config) {
    List<Object> path = path(m.getInstanceLocation());
    String at = dotted(path);
    String keyword = m.getType();
    switch (keyword) {
      case "required" -> {
        String key = at.isEmpty() ? m.getProperty() : at + "." + m.getProperty();
        return new Violation(path, "missing key " + ConfigValidator.q(key));
      }
      case "additionalProperties" -> {
        List<Object> keyPath = append(path, m.getProperty());
        return new Violation(
            keyPath,
            "unknown key "
                + ConfigValidator.q(dotted(keyPath))
                + " (allowed: "
                + String.join(", ", allowed(m.getSchemaLocation()))
                + ")");
      }
      default -> {
        Object value = valueAt(config, path);
        String phrase = phrase(definition(m.getSchemaLocation()), keyword, value);
        if (phrase != null) {
          return new Violation(path, at + " " + phrase);
        }
        if (keyword.equals("type")) {
          return new Violation(
              path,
              at
                  + " must be "
                  + typeNoun(m.getSchemaNode().asText())
                  + ", not "
                  + ConfigValidator.kind(value));
        }
        // A keyword this class has no words for: the library's, which names the path too.
        return new Violation(path, m.getMessage());
      }
    }
  }

  /** The {@code $defs} entry a keyword of the schema belongs to, or null for one outside them. */
  private static @Nullable String definition(SchemaLocation location) {
    JsonNodePath fragment = location.getFragment();
    if (fragment.getNameCount() >= 2 && "$defs".equals(fragment.getName(0))) {
      return fragment.getName(1);
    }
    return null;
  }

  /** The project's words for a value that breaks definition {@code def}, or null. */
  private static @Nullable String phrase(
      @Nullable String def, String keyword, @Nullable Object value) {
    if (def == null) {
      return null;
    }
    if (def.equals("revision")) {
      return "must be a whole number from 1, not " + YamlCodec.flow(value);
    }
    if (keyword.equals("type") || !(value instanceof String text)) {
      return null;
    }
    return switch (def) {
      case "header" ->
          ConfigValidator.q(text) + " is not [SCOPE][TYPE][VARIANT][ID][VERSION][STATUS]";
      case "entryId" ->
          ConfigValidator.q(text)
              + " is not SCOPE-TYPE- followed by 10 Crockford base32 characters";
      case "timestamp" ->
          ConfigValidator.q(text)
              + " is not a UTC time with milliseconds (e.g. 2026-11-24T08:00:00.000Z)";
      case "dedupKey" -> ConfigValidator.q(text) + " is not 32 lowercase hex characters";
      case "sha256" -> ConfigValidator.q(text) + " is not 64 lowercase hex characters (SHA-256)";
      default -> null;
    };
  }

  /** The keys the object schema holding {@code additionalProperties} at {@code location} names. */
  private List<String> allowed(SchemaLocation location) {
    JsonNode node = document;
    JsonNodePath fragment = location.getFragment();
    // The last name is additionalProperties itself; its parent lists the properties.
    for (int i = 0; i < fragment.getNameCount() - 1; i++) {
      Object element = fragment.getElement(i);
      node = element instanceof Integer index ? node.path(index) : node.path(element.toString());
    }
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.path("properties").fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static List<Object> path(JsonNodePath location) {
    List<Object> path = new ArrayList<>(location.getNameCount());
    for (int i = 0; i < location.getNameCount(); i++) {
      path.add(location.getElement(i));
    }
    return List.copyOf(path);
  }

  private static @Nullable Object valueAt(Map<String, Object> config, List<Object> path) {
    Object node = config;
    for (Object segment : path) {
      if (node instanceof Map<?, ?> map) {
        node = map.get(String.valueOf(segment));
      } else if (node instanceof List<?> list && segment instanceof Integer i && i < list.size()) {
        node = list.get(i);
      } else {
        return null;
      }
    }
    return node;
  }

  private static List<Object> append(List<Object> path, Object segment) {
    List<Object> longer = new ArrayList<>(path);
    longer.add(segment);
    return List.copyOf(longer);
  }

  /** {@code metadata.revision}, {@code context.owners[0]}: as validate names paths elsewhere. */
  static String dotted(List<Object> path) {
    StringBuilder out = new StringBuilder();
    for (Object segment : path) {
      if (segment instanceof Integer i) {
        out.append('[').append(i).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(segment);
      }
    }
    return out.toString();
  }

  /** A JSON Schema type name in the words of YAML: "a string", "a map". */
  private static String typeNoun(String type) {
    return switch (type) {
      case "object" -> "a map";
      case "array" -> "a list";
      case "integer" -> "a whole number";
      case "null" -> "null";
      default -> "a " + type;
    };
  }
}
