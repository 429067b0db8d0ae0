package dev.registrystreams.http;

import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.topology.CacheHits;
import dev.registrystreams.topology.EntryKeyPartitioner;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache-hit path of {@code POST /requests}: a request whose entry this instance's own store
 * holds (its active task owns the entry's partition) with exactly the request's content is answered
 * UNCHANGED from it by {@link CacheHits}, the topology's own validation and resolver, without a
 * round trip. Every doubt (another instance owns the key, a rebalance, a restoring partition, other
 * content, a request the topology would reject) is a silent miss: the request is sent.
 *
 * <p>The instance runs with the configuration its topology runs with, so no settings need
 * comparing, as {@code generate} must against Redis; but with {@code --unchanged suppress} the
 * application answers no UNCHANGED request, and neither does this.
 */
final class StoreCacheHits {

  private static final Logger log = LoggerFactory.getLogger(StoreCacheHits.class);

  private final RegistryStreamsApp app;
  private final CacheHits hits;
  private final LocalEntries local;
  private final EntryOwners owners;

  StoreCacheHits(RegistryStreamsApp app) {
    this.app = app;
    this.hits = new CacheHits(app.config().schema());
    this.local = new LocalEntries(app.streams());
    this.owners = new EntryOwners(app.streams(), app.config());
  }

  RegistryStreamsApp app() {
    return app;
  }

  /** The UNCHANGED answer to {@code request} from this instance's store, or empty to send it. */
  Optional<RegistryEntry> unchangedAnswer(GenerationRequest request) {
    if (!app.config().emitUnchanged()) {
      return Optional.empty();
    }
    try {
      String dedupKey = CacheHits.dedupKey(request);
      String id = EntryId.derive(request.getScope(), request.getType(), DedupKey.fromHex(dedupKey));
      // The partition from the topology's own partitioner, and the store asked for it on this
      // instance's active task only: Kafka Streams' key metadata, which would say the same, cost
      // as much as the lookup itself.
      int partition = EntryKeyPartitioner.partitionOf(id, owners.partitionCount());
      Optional<byte[]> stored = local.getIfActiveHere(id, partition);
      if (stored.isEmpty()) {
        return Optional.empty();
      }
      return hits.unchangedAnswer(
          request, System.currentTimeMillis(), EntryJson.decode(stored.get()));
    } catch (RuntimeException e) {
      // A rebalance, a restoring partition, a request that cannot even be keyed: the round trip
      // answers it, as the application would.
      log.debug("Store cache: no answer for request {}: {}", request.getRequestId(), e.toString());
      return Optional.empty();
    }
  }
}
