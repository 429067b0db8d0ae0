package dev.registrystreams.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Bodies for the write endpoints, as a client's JSON library writes them. */
final class RequestBodies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RequestBodies() {}

  /** A request of type RULES; without a request id when {@code id} is null. */
  static String request(String id, String title, String scope, Map<String, ?> context) {
    ObjectNode json = JSON.createObjectNode();
    if (id != null) {
      json.put("requestId", id);
    }
    json.put("title", title);
    json.put("scope", scope);
    json.put("type", "RULES");
    json.set("context", JSON.valueToTree(context));
    return json.toString();
  }

  /** The body of {@code /requests:batch}: these requests as one JSON array. */
  static String batch(String... requests) {
    return "[" + String.join(",", requests) + "]";
  }
}
