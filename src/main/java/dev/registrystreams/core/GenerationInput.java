package dev.registrystreams.core;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A decoded generation request, independent of its wire format.
 *
 * <p>Context values are null, Boolean, Long, Double, String, {@code List<Object>} or {@code
 * Map<String, Object>}. {@code version} and {@code status} are null when the request leaves them to
 * the configured defaults. {@code timestamp} is the record's timestamp in epoch milliseconds and is
 * the only clock resolution uses.
 */
public record GenerationInput(
    String requestId,
    String title,
    String scope,
    String type,
    Map<String, Object> context,
    @Nullable String version,
    @Nullable String status,
    long timestamp) {

  public GenerationInput {
    // An absent context and an empty one mean the same thing on the wire (Avro default {}).
    context = context == null ? Map.of() : context;
  }
}
