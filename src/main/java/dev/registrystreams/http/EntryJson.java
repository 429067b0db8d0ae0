package dev.registrystreams.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.ContextValues;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * The JSON view of a {@link RegistryEntry}: every field of the record in schema order, {@code
 * config} as its YAML text, {@code context} as a JSON tree (masked as it is on the topic), times as
 * ISO-8601 in UTC with milliseconds, as the config writes them.
 */
public final class EntryJson {

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  // The store only holds contexts the topology accepted, which were bounded on the way in; this
  // bound is only a guard against a stack overflow on bytes that are not what they should be.
  private static final int MAX_DEPTH = 256;

  private final ObjectMapper json;

  public EntryJson(ObjectMapper json) {
    // Avro decodes a map into a HashMap: sorting gives the context the order it was stored in.
    this.json = json.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  }

  /** Decodes an entries-store value: a RegistryEntry in single-object encoding. */
  public static RegistryEntry decode(byte[] stored) {
    return ENTRIES.decode(stored);
  }

  /** The entry as a JSON object. */
  public ObjectNode toJson(RegistryEntry entry) {
    ObjectNode out = json.createObjectNode();
    out.put("requestId", text(entry.getRequestId()));
    out.put("outcome", entry.getOutcome().name());
    out.put("id", text(entry.getId()));
    out.put("dedupKey", text(entry.getDedupKey()));
    out.put("revision", entry.getRevision());
    out.put("header", text(entry.getHeader()));
    out.put("grepable", text(entry.getGrepable()));
    out.put("config", text(entry.getConfig()));
    out.put("contentHash", text(entry.getContentHash()));
    out.put("scope", text(entry.getScope()));
    out.put("type", text(entry.getType()));
    out.put("variant", text(entry.getVariant()));
    out.put("version", text(entry.getVersion()));
    out.put("status", text(entry.getStatus()));
    out.put("title", text(entry.getTitle()));
    out.put("createdAt", time(entry.getCreatedAt()));
    out.put("updatedAt", time(entry.getUpdatedAt()));
    out.set("context", json.valueToTree(ContextValues.toJava(entry.getContext(), MAX_DEPTH)));
    return out;
  }

  private static @Nullable String text(@Nullable CharSequence value) {
    return value == null ? null : value.toString();
  }

  private static String time(Instant instant) {
    return ISO_MILLIS.format(instant);
  }
}
