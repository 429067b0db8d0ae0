package dev.registrystreams.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.core.RequestLimits;
import dev.registrystreams.topology.ContextValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A generation request as JSON ({@code title}, {@code scope}, {@code type}, {@code context},
 * optional {@code version}, {@code status}, {@code requestId}), read into the {@link
 * GenerationRequest} a Kafka producer would send. Only the shape is checked here (a 400 names the
 * field); whether the values are acceptable (a known scope, a title within its limit) is the
 * topology's to say, with a dead letter, as for any other producer. Messages never quote the body.
 */
final class RequestJson {

  static final Set<String> FIELDS =
      Set.of("title", "scope", "type", "context", "version", "status", "requestId");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private RequestJson() {}

  /** Parses {@code body} as one JSON value; a 400 with the place (never the text) otherwise. */
  static JsonNode parse(byte[] body, String what) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw HttpProblem.of(400, what + " is empty; expected JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw HttpProblem.of(400, what + " is not valid JSON" + place(e.getLocation()));
    } catch (IOException e) {
      throw HttpProblem.of(400, what + " could not be read as JSON");
    }
  }

  /**
   * The request {@code node} describes; {@code where} prefixes messages ({@code "request 3: "} in a
   * batch). A missing request id is a new random UUID, as {@code generate} picks.
   *
   * @throws HttpProblem 400 naming the field that is missing, of the wrong type, or unknown
   */
  static GenerationRequest toRequest(JsonNode node, RequestLimits limits, String where) {
    if (!node.isObject()) {
      throw HttpProblem.of(400, where + "a request must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw field(
            where,
            name,
            "is not a field of a request (title, scope, type, context,"
                + " version, status, requestId)");
      }
    }
    String requestId = optionalText(node, "requestId", where);
    if (requestId == null) {
      requestId = UUID.randomUUID().toString();
    } else if (requestId.isBlank()) {
      throw field(where, "requestId", "must not be blank");
    } else if (requestId.codePointCount(0, requestId.length()) > limits.maxRequestIdLength()) {
      // The dead letter of a longer id carries it cut short, which no caller could match.
      throw field(
          where, "requestId", "must be at most " + limits.maxRequestIdLength() + " characters");
    }
    Map<String, Object> context = new LinkedHashMap<>();
    JsonNode contextNode = node.get("context");
    if (contextNode != null && !contextNode.isNull()) {
      if (!contextNode.isObject()) {
        throw field(where, "context", "must be a JSON object");
      }
      context = map(contextNode, "context", where);
    }
    return GenerationRequest.newBuilder()
        .setRequestId(requestId)
        .setTitle(requiredText(node, "title", where))
        .setScope(requiredText(node, "scope", where))
        .setType(requiredText(node, "type", where))
        .setContext(ContextValues.toAvro(context))
        .setVersion(optionalText(node, "version", where))
        .setStatus(optionalText(node, "status", where))
        .build();
  }

  private static String requiredText(JsonNode node, String name, String where) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw field(where, name, "is required (a string)");
    }
    if (!value.isTextual()) {
      throw field(where, name, "must be a string");
    }
    return value.textValue();
  }

  private static @Nullable String optionalText(JsonNode node, String name, String where) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw field(where, name, "must be a string");
    }
    return value.textValue();
  }

  private static Map<String, Object> map(JsonNode node, String path, String where) {
    Map<String, Object> out = new LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), value(e.getValue(), path, where)));
    return out;
  }

  private static @Nullable Object value(JsonNode node, String path, String where) {
    if (node.isObject()) {
      return map(node, path, where);
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>(node.size());
      node.forEach(item -> out.add(value(item, path, where)));
      return out;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      if (!node.canConvertToLong()) {
        // The context's numbers are 64-bit integers or doubles, on the topic as in the hash.
        throw field(where, path, "holds an integer beyond 64 bits");
      }
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    throw field(where, path, "holds a value that is not JSON data");
  }

  private static HttpProblem field(String where, String name, String why) {
    return HttpProblem.of(400, where + "field '" + name + "' " + why);
  }

  private static String place(@Nullable JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
