package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.core.GenerationInput;
import java.util.Map;

/** Maps the Avro request to the core's input, and makes its copies. */
final class Requests {

  private Requests() {}

  /**
   * The core's view of {@code request}, timestamped with its record's timestamp.
   *
   * @throws ContextValues.TooDeepException if the context nests deeper than {@code maxDepth}
   */
  static GenerationInput toInput(GenerationRequest request, long timestamp, int maxDepth) {
    return new GenerationInput(
        request.getRequestId(),
        request.getTitle(),
        request.getScope(),
        request.getType(),
        ContextValues.toJava(request.getContext(), maxDepth),
        request.getVersion(),
        request.getStatus(),
        timestamp);
  }

  /** {@code request} with its context replaced by {@code context}; {@code request} is kept. */
  static GenerationRequest withContext(GenerationRequest request, Map<String, Object> context) {
    // Not Avro's builder: it would deep-copy the context only to have it replaced.
    return new GenerationRequest(
        request.getRequestId(),
        request.getTitle(),
        request.getScope(),
        request.getType(),
        ContextValues.toAvro(context),
        request.getVersion(),
        request.getStatus());
  }
}
