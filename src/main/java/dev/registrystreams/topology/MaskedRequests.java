package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.core.SecretMasker;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Requests with the values of their secret-named context keys masked, before they are written to
 * any topic of the application's own: the repartition topic and the dead-letter topic. Entries are
 * built from the masked context, so masking early changes no answer.
 */
final class MaskedRequests {

  private final SecretMasker masker;

  MaskedRequests(SecretMasker masker) {
    this.masker = masker;
  }

  /**
   * {@code request} with its secrets masked; {@code context} is its context as Java values, when
   * the caller has it already (else null). Returns {@code request} itself when it holds no secret.
   */
  GenerationRequest mask(GenerationRequest request, @Nullable Map<String, Object> context) {
    Map<String, Object> plain =
        context != null ? context : ContextValues.toJava(request.getContext(), Integer.MAX_VALUE);
    return holdsSecrets(plain) ? Requests.withContext(request, masked(plain)) : request;
  }

  /** Whether {@code context} holds a value that masking changes. */
  boolean holdsSecrets(Map<String, Object> context) {
    return masker.changes(context);
  }

  /** {@code context} with its secrets masked. */
  Map<String, Object> masked(Map<String, Object> context) {
    return masker.mask(context);
  }
}
