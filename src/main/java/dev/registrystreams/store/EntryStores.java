package dev.registrystreams.store;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.jspecify.annotations.Nullable;

/**
 * The one place the topology gets its entry store from: a hot tier over a durable tier (RocksDB or
 * Redis), changelogged.
 */
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
    return entries(
        name, settings, DurableTier.rocksDb(), null, keySerde, valueSerde, changelogConfig);
  }

  /**
   * A changelogged key-value store named {@code name}: Caffeine hot tier over {@code durable}.
   *
   * @param secondaryKey the secondary key of a stored value, for durable tiers that index it (may
   *     be null)
   * @param changelogConfig topic configs for the changelog topic (may be empty)
   */
  public static <K, V> StoreBuilder<KeyValueStore<K, V>> entries(
      String name,
      HotTierSettings settings,
      DurableTier durable,
      @Nullable Function<byte[], String> secondaryKey,
      Serde<K> keySerde,
      Serde<V> valueSerde,
      Map<String, String> changelogConfig) {
    return Stores.keyValueStoreBuilder(
            new HotTierStoreSupplier(durable.supplier(name, secondaryKey), settings),
            keySerde,
            valueSerde)
        // The hot tier replaces Kafka Streams' record cache; both would hold the same values and
        // the record cache would also delay changelog writes and hide reads from the hot tier.
        .withCachingDisabled()
        .withLoggingEnabled(changelogConfig);
  }
}
