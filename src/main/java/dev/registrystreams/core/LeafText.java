package dev.registrystreams.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The text of one leaf value in a config change: compact JSON, which is also YAML flow, so any JSON
 * or YAML parser reads it back with its type ({@code 42} and {@code "42"} differ). The few doubles
 * JSON has no form for are written in YAML's ({@code .nan}, {@code .inf}, {@code -.inf}).
 *
 * <p>JSON rather than YAML's minimal quoting because a change event renders every leaf of a new
 * entry, and a JSON writer does that in a fraction of the time a YAML emitter takes.
 */
public final class LeafText {

  // Thread-safe once configured.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private LeafText() {}

  /** The text of {@code value}: a scalar, or an empty (or any) list or map. */
  public static String of(Object value) {
    if (value instanceof Double d && !Double.isFinite(d)) {
      return d.isNaN() ? ".nan" : d > 0 ? ".inf" : "-.inf";
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot render a " + value.getClass().getName() + " as a leaf value", e);
    }
  }
}
