package dev.registrystreams.client;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import java.util.Optional;

/**
 * A store of current entries that {@link RoundTrip} consults before it sends a request: when the
 * store can prove that the registry already holds exactly what the request would produce, the
 * request is answered from it (UNCHANGED) without a Kafka round trip.
 *
 * <p>An implementation must answer only when it is sure: same dedup key and same content hash as
 * the resolver would compute for this request under the application's configuration. Anything else
 * (a miss, a stale or unreachable store) is {@link Optional#empty()}, and the request goes through
 * Kafka as usual. It should not throw; {@link RoundTrip} treats an exception as a miss.
 *
 * <p>A request answered by a lookup never reaches Kafka: its answer carries the request's own
 * {@code requestId} (as the topology's answer would), but no record on the entries topic carries
 * it, and the entry's stored {@code requestId} stays that of the last request that changed it.
 */
@FunctionalInterface
public interface EntryLookup {

  /** Never answers: every request makes the round trip. */
  EntryLookup NONE = request -> Optional.empty();

  /** The current entry that answers {@code request} unchanged, or empty to send the request. */
  Optional<RegistryEntry> unchangedAnswer(GenerationRequest request);
}
