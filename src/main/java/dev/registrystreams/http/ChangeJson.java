package dev.registrystreams.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.PathChange;
import dev.registrystreams.core.EntryDocument;

/**
 * The JSON view of a {@link ConfigChange}: its fields in schema order, {@code changedAt} as
 * ISO-8601 UTC with milliseconds, and each change's {@code oldValue} and {@code newValue} as the
 * topic carries them, compact JSON text (null where absent), secrets already masked.
 */
public final class ChangeJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChangeJson() {}

  /** The event as a JSON object. */
  public static ObjectNode of(ConfigChange change) {
    ObjectNode node = JSON.createObjectNode();
    node.put("entryId", change.getEntryId());
    node.put("dedupKey", change.getDedupKey());
    node.put("requestId", change.getRequestId());
    node.put("header", change.getHeader());
    node.put("revisionFrom", change.getRevisionFrom());
    node.put("revisionTo", change.getRevisionTo());
    node.put("hashFrom", change.getHashFrom());
    node.put("hashTo", change.getHashTo());
    node.put("changedAt", EntryDocument.isoMillis(change.getChangedAt().toEpochMilli()));
    ArrayNode changes = node.putArray("changes");
    for (PathChange path : change.getChanges()) {
      ObjectNode item = changes.addObject();
      item.put("path", path.getPath());
      item.put("op", path.getOp().name());
      item.put("oldValue", path.getOldValue());
      item.put("newValue", path.getNewValue());
    }
    return node;
  }

  /** The event as one line of JSON: JSON escapes line breaks inside strings. */
  public static String line(ConfigChange change) {
    try {
      return JSON.writeValueAsString(of(change));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a config change could not be written as JSON", e);
    }
  }
}
