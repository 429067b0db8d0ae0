package dev.registrystreams.store;

import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;

/** Supplies {@link RedisKeyValueStore}s over one shared {@link RedisTier}. */
final class RedisStoreSupplier implements KeyValueBytesStoreSupplier {

  private final String name;
  private final RedisTier tier;
  private final @Nullable Function<byte[], String> secondaryKey;

  RedisStoreSupplier(String name, RedisTier tier, @Nullable Function<byte[], String> secondaryKey) {
    this.name = Objects.requireNonNull(name, "name");
    this.tier = Objects.requireNonNull(tier, "tier");
    this.secondaryKey = secondaryKey;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public KeyValueStore<Bytes, byte[]> get() {
    return new RedisKeyValueStore(name, tier, secondaryKey);
  }

  @Override
  public String metricsScope() {
    return "redis";
  }
}
