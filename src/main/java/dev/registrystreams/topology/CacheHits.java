package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.ContentHash;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.GenerationInput;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.RequestValidator;
import dev.registrystreams.core.Resolution;
import dev.registrystreams.core.Resolver;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decides, outside Kafka Streams, whether a request would be answered UNCHANGED by an entry that
 * already exists, and builds that answer: the cache-hit path of a request/reply client. It runs the
 * same validation and the same {@link Resolver} the topology runs, so it answers exactly as the
 * topology would, provided it runs under the same configuration: see {@link #settings}.
 */
public final class CacheHits {

  private final Resolver resolver;
  private final RequestValidator validator;
  private final int maxContextDepth;

  public CacheHits(RegistrySchema schema) {
    this.resolver = new Resolver(schema);
    this.validator = new RequestValidator(schema);
    this.maxContextDepth = schema.limits().maxContextDepth();
  }

  /**
   * What an instance publishes about the configuration its answers depend on, and what a client
   * must hold too before it may answer for it: a version tag, the SHA-256 of the registry
   * configuration (header schema, limits, secret keys, URL credential masking) and whether
   * UNCHANGED answers are emitted. Equal strings mean that {@link #unchangedAnswer} decides as the
   * instance's topology does.
   */
  public static String settings(RegistrySchema schema, boolean emitUnchanged) {
    // Records print their components in declaration order, and the schema's sets and maps keep
    // their configured order: the same configuration always prints the same text.
    String text =
        schema.header()
            + "\n"
            + schema.limits()
            + "\n"
            + schema.secretKeys()
            + "\nmaskUrlCredentials="
            + schema.maskUrlCredentials();
    // v2: masking learnt URL credentials, so a v1 instance masks, hashes and answers otherwise
    // under the same configuration text.
    return "v2 schema="
        + ContentHash.sha256Hex(text)
        + " unchanged="
        + (emitUnchanged ? "emit" : "suppress");
  }

  /** The dedup key of a request: what to look the stored entry up by. */
  public static String dedupKey(GenerationRequest request) {
    return DedupKey.of(request.getScope(), request.getType(), request.getTitle()).hex();
  }

  /**
   * The UNCHANGED answer to {@code request} (sent with record timestamp {@code timestamp}) when
   * {@code stored} already has its content; empty when the request would create or update it, or be
   * rejected (the same validation as the topology's, request id included).
   */
  public Optional<RegistryEntry> unchangedAnswer(
      GenerationRequest request, long timestamp, @Nullable RegistryEntry stored) {
    String dedupKey = dedupKey(request);
    if (stored == null || !stored.getDedupKey().equals(dedupKey)) {
      return Optional.empty();
    }
    GenerationInput input;
    try {
      input = Requests.toInput(request, timestamp, maxContextDepth);
    } catch (ContextValues.TooDeepException e) {
      return Optional.empty();
    }
    if (validator.validate(input).isPresent()) {
      return Optional.empty();
    }
    Resolution resolution =
        resolver.resolve(input, dedupKey, stored.getId(), EntryRecords.toEntry(stored));
    if (resolution.outcome() != dev.registrystreams.core.Outcome.UNCHANGED) {
      return Optional.empty();
    }
    return Optional.of(
        EntryRecords.toRecord(resolution.entry(), request.getRequestId(), Outcome.UNCHANGED));
  }
}
