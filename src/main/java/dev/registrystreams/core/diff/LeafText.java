package dev.registrystreams.core.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.CharTypes;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

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

  // The escaping the generator applies to strings by default (quotes, backslashes, controls),
  // and its table of the ASCII characters that need it.
  private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();
  private static final int[] ESCAPES = CharTypes.get7BitOutputEscapes();

  private LeafText() {}

  /** The text of {@code value}: a scalar, or an empty (or any) list or map. */
  public static String of(@Nullable Object value) {
    // The types of a document's scalars are written as the mapper's serializers write them, but
    // without a generator and its buffers per value; other types go through the mapper.
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return quoted(s);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (value instanceof Double d) {
      return doubleText(d);
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot render a " + value.getClass().getName() + " as a leaf value", e);
    }
  }

  private static String doubleText(double d) {
    if (!Double.isFinite(d)) {
      return Double.isNaN(d) ? ".nan" : d > 0 ? ".inf" : "-.inf";
    }
    // What the generator writes with USE_FAST_DOUBLE_WRITER off, the mapper's default.
    return NumberOutput.toString(d, false);
  }

  /** {@code s} as a JSON string; most need no escape, and the encoder appends char by char. */
  private static String quoted(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < ESCAPES.length && ESCAPES[c] != 0) {
        StringBuilder out = new StringBuilder(s.length() + 8).append('"');
        STRINGS.quoteAsString(s, out);
        return out.append('"').toString();
      }
    }
    return '"' + s + '"';
  }
}
