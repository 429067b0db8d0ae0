package dev.registrystreams.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.registrystreams.core.yaml.YamlCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Prints a command's result on stdout in the chosen {@link OutputOptions.Format}: a table through
 * the command's own renderer, or the result document as JSON (Jackson) or YAML ({@link YamlCodec}).
 * The document is built of maps, lists, strings, numbers, booleans and null, so both machine
 * formats carry exactly the same data.
 */
public final class Printer {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final ObjectWriter JSON_TO_WRITER =
      JSON.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final OutputOptions.Format format;
  private final PrintWriter out;

  public Printer(OutputOptions.Format format, PrintWriter out) {
    this.format = format;
    this.out = out;
  }

  public OutputOptions.Format format() {
    return format;
  }

  /** Prints {@code document} as JSON or YAML, or calls {@code table} for the table format. */
  public void print(Map<String, Object> document, Consumer<PrintWriter> table) {
    switch (format) {
      case table -> table.accept(out);
      case json -> {
        // Straight to the writer: a long document is never one string in memory.
        try {
          JSON_TO_WRITER.writeValue(out, document);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        out.println();
      }
      case yaml -> out.print(YamlCodec.dump(document));
    }
    out.flush();
  }

  /** {@code counts} for a document: the same keys, as strings, in the same order, with longs. */
  static Map<String, Object> counts(Map<?, Integer> counts) {
    Map<String, Object> out = new LinkedHashMap<>();
    counts.forEach((key, n) -> out.put(String.valueOf(key), (long) n));
    return out;
  }

  /** {@code value} rounded to 3 decimals, as documents carry measured numbers. */
  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /**
   * One path-level change for a document, with the field names config-change events use: op, path,
   * oldValue, newValue.
   */
  static Map<String, Object> pathChange(
      Object op, String path, @Nullable Object oldValue, @Nullable Object newValue) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("op", String.valueOf(op));
    item.put("path", path);
    item.put("oldValue", oldValue);
    item.put("newValue", newValue);
    return item;
  }

  /** {@code document} as indented JSON. */
  static String json(Object document) {
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }
}
