package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.core.GenerationInput;
import dev.registrystreams.core.Rejection;
import dev.registrystreams.core.RejectionReason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Refuses requests whose strings are not valid UTF-8. Avro decodes malformed bytes (FF, FE, a lone
 * surrogate's encoding) as U+FFFD, so three different titles would become one entry; a request is
 * malformed exactly when it holds a U+FFFD and does not encode back to the bytes it came as.
 */
final class StrictUtf8 {

  private static final char REPLACEMENT = '\uFFFD';
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  private StrictUtf8() {}

  /** An INVALID_UTF8 rejection naming the first malformed field, if {@code raw} has one. */
  static Optional<Rejection> check(ArrivedRequest request, GenerationInput input) {
    String field = firstWithReplacement(input);
    if (field == null || Arrays.equals(REQUESTS.encode(request.record()), request.bytes())) {
      return Optional.empty();
    }
    return Optional.of(
        new Rejection(
            RejectionReason.INVALID_UTF8,
            field + " is not valid UTF-8: it holds bytes that encode no character"));
  }

  /** The first field that holds U+FFFD, or null: the only ones that can be malformed. */
  private static @Nullable String firstWithReplacement(GenerationInput input) {
    if (has(input.requestId())) {
      return "requestId";
    }
    if (has(input.title())) {
      return "title";
    }
    if (has(input.scope())) {
      return "scope";
    }
    if (has(input.type())) {
      return "type";
    }
    if (has(input.version())) {
      return "version";
    }
    if (has(input.status())) {
      return "status";
    }
    return inTree(input.context()) ? "context" : null;
  }

  private static boolean inTree(Object node) {
    if (node instanceof String text) {
      return has(text);
    }
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (inTree(e.getKey()) || inTree(e.getValue())) {
          return true;
        }
      }
    } else if (node instanceof List<?> list) {
      for (Object item : list) {
        if (inTree(item)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean has(@Nullable String text) {
    return text != null && text.indexOf(REPLACEMENT) >= 0;
  }
}
