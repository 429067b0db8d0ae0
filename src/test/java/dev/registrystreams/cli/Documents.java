package dev.registrystreams.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.registrystreams.core.yaml.YamlCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses what a command printed with --output json or yaml, for exact comparisons. */
final class Documents {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private Documents() {}

  /** The one document on stdout, as maps, lists, strings, longs, doubles, booleans and null. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String format, String stdout) {
    try {
      return switch (format) {
        case "json" -> JSON.readValue(stdout, LinkedHashMap.class);
        case "yaml" -> YamlCodec.load(stdout);
        default -> throw new IllegalArgumentException(format);
      };
    } catch (java.io.IOException e) {
      throw new AssertionError("not one " + format + " document:\n" + stdout, e);
    }
  }

  /** A map of key, value pairs in order; values may be null. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
