package dev.registrystreams.store;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The one place the topology gets its entry store from: a hot tier over RocksDB, changelogged. */
public final class EntryStores {

  private EntryStores() {}

  /**
   * A changelogged key-value store named {@code name}: Caffeine hot tier over RocksDB.
   *
   * @param changelogConfig topic configs for the changelog topic (may be empty)
   */
  public static <K, V> StoreBuilder<KeyValueStore<K, V>> entries(
      String name,
      HotTierSettings settings,
      Serde<K> keySerde,
      Serde<V> valueSerde,
      Map<String, String> changelogConfig) {
    return Stores.keyValueStoreBuilder(
            new HotTierStoreSupplier(Stores.persistentKeyValueStore(name), settings),
            keySerde,
            valueSerde)
        // The hot tier replaces Kafka Streams' record cache; both would hold the same values and
        // the record cache would also delay changelog writes and hide reads from the hot tier.
        .withCachingDisabled()
        .withLoggingEnabled(changelogConfig);
  }
}
