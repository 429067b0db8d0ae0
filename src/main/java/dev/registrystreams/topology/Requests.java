package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.core.GenerationInput;

/** Maps the Avro request to the core's input. */
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
}
