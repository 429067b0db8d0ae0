package dev.registrystreams.store;

import java.util.function.Function;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.jspecify.annotations.Nullable;

/** Where the entry store keeps its data below the hot tier: RocksDB (local) or Redis (shared). */
@FunctionalInterface
public interface DurableTier {

  /**
   * A supplier of durable stores named {@code name}.
   *
   * @param secondaryKey the secondary key of a stored value, for tiers that index it (Redis); may
   *     be null
   */
  KeyValueBytesStoreSupplier supplier(String name, @Nullable Function<byte[], String> secondaryKey);

  /** RocksDB in the local state directory: the default. */
  static DurableTier rocksDb() {
    return (name, secondaryKey) -> Stores.persistentKeyValueStore(name);
  }
}
