package dev.registrystreams.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.text.UserText;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.ContextValues;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads requests from JSON Lines: one object per line, {@code {"requestId": .., "title": ..,
 * "scope": .., "type": .., "context": {..}, "version": .., "status": ..}}. {@code title}, {@code
 * scope} and {@code type} are required strings; {@code requestId} (default: {@code PREFIX-LINE}),
 * {@code version} and {@code status} are optional strings; {@code context} an optional object.
 * Blank lines are skipped. Any other mistake (invalid JSON, an unknown or duplicate field, a wrong
 * type, a request id used twice, an integer beyond 64 bits) is a {@link UserException} naming the
 * line, exit 2, before anything is sent.
 */
final class JsonlRequests {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final Set<String> FIELDS =
      Set.of("requestId", "title", "scope", "type", "context", "version", "status");

  private JsonlRequests() {}

  /**
   * The requests of {@code text}, keyed by dedup key so requests about one title keep their order.
   */
  static List<WorkloadRequest> parse(String text, String source, String idPrefix) {
    List<WorkloadRequest> out = new ArrayList<>();
    Map<String, Integer> idLines = new HashMap<>();
    String[] lines = text.split("\\r?\\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      int lineNumber = i + 1;
      GenerationRequest request = request(lines[i], lineNumber, source, idPrefix);
      Integer first = idLines.putIfAbsent(request.getRequestId(), lineNumber);
      if (first != null) {
        throw error(
            source,
            lineNumber,
            "requestId "
                + UserText.quote(request.getRequestId())
                + " is already used on line "
                + first);
      }
      byte[] key =
          DedupKey.of(request.getScope(), request.getType(), request.getTitle())
              .hex()
              .getBytes(StandardCharsets.UTF_8);
      out.add(
          new WorkloadRequest(request.getRequestId(), key, REQUESTS.encode(request), null, null));
    }
    return out;
  }

  private static GenerationRequest request(
      String line, int lineNumber, String source, String idPrefix) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw error(source, lineNumber, "invalid JSON: " + jsonProblem(e));
    }
    if (node == null || !node.isObject()) {
      throw error(source, lineNumber, "expected a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw error(
            source,
            lineNumber,
            "unknown field "
                + UserText.quote(name)
                + " (fields: requestId, title, scope, type, context, version, status)");
      }
    }
    JsonNode context = node.get("context");
    Map<String, Object> tree = new LinkedHashMap<>();
    if (context != null && !context.isNull()) {
      if (!context.isObject()) {
        throw error(source, lineNumber, "\"context\" must be an object");
      }
      tree = map(context, "context", source, lineNumber);
    }
    String requestId = optional(node, "requestId", source, lineNumber);
    return GenerationRequest.newBuilder()
        .setRequestId(requestId != null ? requestId : idPrefix + "-" + lineNumber)
        .setTitle(required(node, "title", source, lineNumber))
        .setScope(required(node, "scope", source, lineNumber))
        .setType(required(node, "type", source, lineNumber))
        .setContext(ContextValues.toAvro(tree))
        .setVersion(optional(node, "version", source, lineNumber))
        .setStatus(optional(node, "status", source, lineNumber))
        .build();
  }

  /** Jackson's problem without the source location it appends. */
  private static String jsonProblem(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    int cut = message.indexOf(" (start marker at");
    message = cut < 0 ? message : message.substring(0, cut);
    return message.lines().findFirst().orElse("").strip()
        + (e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")");
  }

  private static String required(JsonNode node, String field, String source, int line) {
    String value = optional(node, field, source, line);
    if (value == null) {
      throw error(source, line, "\"" + field + "\" is required");
    }
    return value;
  }

  private static @Nullable String optional(JsonNode node, String field, String source, int line) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw error(source, line, "\"" + field + "\" must be a string");
    }
    return value.textValue();
  }

  private static Map<String, Object> map(JsonNode object, String path, String source, int line) {
    Map<String, Object> out = new LinkedHashMap<>();
    object
        .properties()
        .forEach(
            e -> out.put(e.getKey(), value(e.getValue(), path + "." + e.getKey(), source, line)));
    return out;
  }

  private static @Nullable Object value(JsonNode node, String path, String source, int line) {
    if (node.isObject()) {
      return map(node, path, source, line);
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>(node.size());
      for (int i = 0; i < node.size(); i++) {
        out.add(value(node.get(i), path + "[" + i + "]", source, line));
      }
      return out;
    }
    if (node.isNull()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isIntegralNumber()) {
      BigInteger big = node.bigIntegerValue();
      if (big.bitLength() > 63) {
        throw error(source, line, path + ": the integer " + big + " does not fit in 64 bits");
      }
      return big.longValue();
    }
    if (node.isNumber()) {
      double value = node.doubleValue();
      if (!Double.isFinite(value)) {
        throw error(source, line, path + ": " + node.asText() + " is not a finite number");
      }
      return value;
    }
    throw error(source, line, path + ": unsupported JSON value");
  }

  private static UserException error(String source, int line, String message) {
    return new UserException(source + ", line " + line + ": " + message, 2);
  }
}
