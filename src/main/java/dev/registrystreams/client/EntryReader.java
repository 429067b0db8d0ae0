package dev.registrystreams.client;

import dev.registrystreams.avro.RegistryEntry;
import java.util.Optional;

/**
 * Reads registry entries without Kafka: by entry id, or by the dedup key of a request. What the
 * CLI's {@code generate} asks before it makes a Kafka round trip, and what other services can use.
 *
 * <p>The returned entry is the one the store holds: its {@code requestId} and {@code outcome} are
 * those of the last request that changed it.
 */
public interface EntryReader extends AutoCloseable {

  /** The entry with this id ({@code SCOPE-TYPE-XXXXXXXXXX}), if any. */
  Optional<RegistryEntry> byId(String entryId);

  /** The entry of this dedup key (32 lowercase hex characters), if any. */
  Optional<RegistryEntry> byDedupKey(String dedupKeyHex);

  @Override
  void close();
}
