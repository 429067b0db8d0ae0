package dev.registrystreams.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a rendered object against the Kubernetes API's schemas, as an API server would: an unknown
 * field, a missing required field or a value of the wrong type is an error.
 *
 * <p>Built-in kinds go through the official Kubernetes Java client's models (generated from the
 * API's OpenAPI document), whose {@code fromJson} refuses unknown and missing required fields;
 * their parser is lenient about scalar types (it reads "8080" into an int, 5 into a string), so the
 * object is also written back and every scalar must come back with the type it was given. The
 * custom resources (ServiceMonitor, ScaledObject, TriggerAuthentication) are checked against strict
 * JSON schemas of their CRDs in src/test/resources.
 */
final class KubernetesSchemas {

  private static final Gson GSON = new Gson();

  private static final Map<String, Parser> MODELS =
      Map.of(
          "v1/ConfigMap", V1ConfigMap::fromJson,
          "v1/Service", V1Service::fromJson,
          "v1/ServiceAccount", V1ServiceAccount::fromJson,
          "apps/v1/StatefulSet", V1StatefulSet::fromJson,
          "apps/v1/Deployment", V1Deployment::fromJson,
          "batch/v1/Job", V1Job::fromJson,
          "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::fromJson);

  /** A model's fromJson, which checks fields as it parses. */
  private interface Parser {
    Object parse(String json) throws IOException;
  }

  private static final Set<String> CUSTOM =
      Set.of(
          "monitoring.coreos.com/v1/ServiceMonitor",
          "keda.sh/v1alpha1/ScaledObject",
          "keda.sh/v1alpha1/TriggerAuthentication");

  static {
    // Registers the models' type adapters (quantities, int-or-string, times) with the Gson used.
    new JSON();
  }

  private KubernetesSchemas() {}

  /** Every kind the chart renders has a schema here. */
  static Set<String> kinds() {
    Set<String> kinds = new TreeSet<>(MODELS.keySet());
    kinds.addAll(CUSTOM);
    return kinds;
  }

  /**
   * Throws an {@link IllegalArgumentException} naming the first problem of {@code object}, or of
   * its kind when no schema is known for it.
   */
  static void validate(Map<String, Object> object) {
    String type = object.get("apiVersion") + "/" + object.get("kind");
    JsonElement json = GSON.toJsonTree(object);
    Parser model = MODELS.get(type);
    if (model != null) {
      Object parsed;
      try {
        parsed = model.parse(json.toString());
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(type + ": " + e.getMessage(), e);
      }
      sameTypes(type, "", json, JSON.getGson().toJsonTree(parsed));
      return;
    }
    if (CUSTOM.contains(type)) {
      String kind = (String) object.get("kind");
      Set<ValidationMessage> problems = customSchema(kind).validate(toJackson(object));
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            type
                + ": "
                + new TreeSet<>(problems.stream().map(ValidationMessage::getMessage).toList()));
      }
      return;
    }
    throw new IllegalArgumentException("no schema for " + type);
  }

  /**
   * Every scalar given must come back from the model with its type: the API server refuses a number
   * where it wants a string, and the reverse. Quantities (resources) may be numbers.
   */
  private static void sameTypes(String type, String path, JsonElement given, JsonElement back) {
    if (given.isJsonObject()) {
      JsonObject b =
          back != null && back.isJsonObject() ? back.getAsJsonObject() : new JsonObject();
      for (var entry : given.getAsJsonObject().entrySet()) {
        sameTypes(type, path + "." + entry.getKey(), entry.getValue(), b.get(entry.getKey()));
      }
    } else if (given.isJsonArray()) {
      var b = back != null && back.isJsonArray() ? back.getAsJsonArray() : null;
      for (int i = 0; i < given.getAsJsonArray().size(); i++) {
        sameTypes(
            type,
            path + "[" + i + "]",
            given.getAsJsonArray().get(i),
            b == null || i >= b.size() ? null : b.get(i));
      }
    } else if (given.isJsonPrimitive()) {
      JsonPrimitive g = given.getAsJsonPrimitive();
      boolean quantity = path.matches(".*\\.resources\\.(limits|requests)\\.[^.]+");
      if (back == null || !back.isJsonPrimitive()) {
        throw new IllegalArgumentException(type + ": " + path + " is not a field of its kind");
      }
      JsonPrimitive b = back.getAsJsonPrimitive();
      if (quantity && b.isString()) {
        return;
      }
      if (g.isString() != b.isString()
          || g.isNumber() != b.isNumber()
          || g.isBoolean() != b.isBoolean()) {
        throw new IllegalArgumentException(
            type + ": " + path + " must be " + kindOf(b) + ", not " + kindOf(g) + " (" + g + ")");
      }
    }
  }

  private static String kindOf(JsonPrimitive p) {
    return p.isString() ? "a string" : p.isNumber() ? "a number" : "a boolean";
  }

  private static final Map<String, JsonSchema> SCHEMAS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static JsonSchema customSchema(String kind) {
    return SCHEMAS.computeIfAbsent(
        kind,
        k -> {
          try (InputStream in =
              KubernetesSchemas.class.getResourceAsStream("crds/" + k + ".schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static JsonNode toJackson(Map<String, Object> object) {
    return new ObjectMapper().valueToTree(object);
  }
}
