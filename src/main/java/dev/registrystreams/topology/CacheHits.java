package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.Resolution;
import dev.registrystreams.core.Resolver;
import java.util.Optional;

/**
 * Decides, outside Kafka Streams, whether a request would be answered UNCHANGED by an entry that
 * already exists, and builds that answer: the cache-hit path of a request/reply client. It runs the
 * same {@link Resolver} the topology runs, so it answers exactly as the topology would.
 */
public final class CacheHits {

  private final Resolver resolver;
  private final int maxContextDepth;

  public CacheHits(RegistrySchema schema) {
    this.resolver = new Resolver(schema);
    this.maxContextDepth = schema.limits().maxContextDepth();
  }

  /** The dedup key of a request: what to look the stored entry up by. */
  public static String dedupKey(GenerationRequest request) {
    return DedupKey.of(request.getScope(), request.getType(), request.getTitle()).hex();
  }

  /**
   * The UNCHANGED answer to {@code request} (sent with record timestamp {@code timestamp}) when
   * {@code stored} already has its content; empty when the request would create or update it.
   */
  public Optional<RegistryEntry> unchangedAnswer(
      GenerationRequest request, long timestamp, RegistryEntry stored) {
    String dedupKey = dedupKey(request);
    if (stored == null || !stored.getDedupKey().equals(dedupKey)) {
      return Optional.empty();
    }
    Resolution resolution =
        resolver.resolve(
            Requests.toInput(request, timestamp, maxContextDepth),
            dedupKey,
            stored.getId(),
            EntryRecords.toEntry(stored));
    if (resolution.outcome() != dev.registrystreams.core.Outcome.UNCHANGED) {
      return Optional.empty();
    }
    return Optional.of(
        EntryRecords.toRecord(resolution.entry(), request.getRequestId(), Outcome.UNCHANGED));
  }
}
