package dev.registrystreams.cli;

import dev.registrystreams.core.text.UserText;
import dev.registrystreams.core.yaml.InvalidYamlException;
import dev.registrystreams.core.yaml.YamlCodec;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds a request context from the command line: a YAML file, then {@code key=value} pairs on top.
 *
 * <p>A pair's key is dotted: {@code a.b=c} sets {@code c} under {@code b} under {@code a}. Its
 * value is read by {@link YamlCodec#loadCommandLineValue}: {@code 42} is a number, {@code true} a
 * boolean, {@code '42'} the string, {@code [a, b]} a list, anything else the exact text. Pairs
 * merge into the file's tree (maps merge key by key; any other value replaces).
 */
final class ContextInput {

  private ContextInput() {}

  /**
   * Reads a YAML file whose root is a map; mistakes are one-line usage errors (exit 2).
   *
   * @param option the option that names the file, or null for a positional argument
   */
  static Map<String, Object> readYamlFile(Path file, @Nullable String option) {
    String text = InputFiles.read(file, option);
    try {
      return checked(YamlCodec.load(text), file.toString());
    } catch (InvalidYamlException e) {
      throw new UserException(file + ": " + e.getMessage(), 2);
    }
  }

  /** The file's tree (if any) with every {@code key=value} pair merged on top. */
  static Map<String, Object> build(@Nullable Path file, List<String> pairs) {
    Map<String, Object> context =
        file == null ? new LinkedHashMap<>() : readYamlFile(file, "--context-file");
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new UserException(
            "--context " + UserText.quote(pair) + ": expected KEY=VALUE (e.g. env=prod)", 2);
      }
      String key = pair.substring(0, eq);
      @Nullable Object value;
      try {
        value = YamlCodec.loadCommandLineValue(pair.substring(eq + 1));
      } catch (InvalidYamlException e) {
        throw new UserException("--context " + key + ": " + e.getMessage(), 2);
      }
      // An empty value (key=) is a null in the context, as in a YAML file.
      put(context, key, value == null ? null : checked(value, key));
    }
    return context;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> context, String dottedKey, @Nullable Object value) {
    String[] parts = dottedKey.split("\\.", -1);
    Map<String, Object> node = context;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        throw new UserException(
            "--context " + UserText.quote(dottedKey) + ": empty key between dots", 2);
      }
      if (i == parts.length - 1) {
        Object old = node.get(part);
        if (old instanceof Map<?, ?> oldMap && value instanceof Map<?, ?> newMap) {
          merge((Map<String, Object>) oldMap, (Map<String, Object>) newMap);
        } else {
          node.put(part, value);
        }
        return;
      }
      Object next = node.get(part);
      if (next == null) {
        Map<String, Object> child = new LinkedHashMap<>();
        node.put(part, child);
        node = child;
      } else if (next instanceof Map<?, ?> map) {
        node = (Map<String, Object>) map;
      } else {
        throw new UserException(
            "--context "
                + UserText.quote(dottedKey)
                + ": "
                + String.join(".", List.of(parts).subList(0, i + 1))
                + " is already a value, not a map",
            2);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Map<String, Object> from) {
    for (Map.Entry<String, Object> e : from.entrySet()) {
      Object old = into.get(e.getKey());
      if (old instanceof Map<?, ?> oldMap && e.getValue() instanceof Map<?, ?> newMap) {
        merge((Map<String, Object>) oldMap, (Map<String, Object>) newMap);
      } else {
        into.put(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * {@code value} with every map made mutable, after checking that the wire format can carry it:
   * integers must fit in 64 bits.
   */
  @SuppressWarnings("unchecked")
  static <T> T checked(T value, String where) {
    return (T) check(value, where);
  }

  private static Object check(Object value, String where) {
    if (value instanceof BigInteger) {
      throw new UserException(
          UserText.quote(where) + ": the integer " + value + " does not fit in 64 bits", 2);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), check(v, where + "." + k)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(check(list.get(i), where + "[" + i + "]"));
      }
      return out;
    }
    return value;
  }
}
