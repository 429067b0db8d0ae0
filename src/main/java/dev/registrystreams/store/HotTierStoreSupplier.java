package dev.registrystreams.store;

import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;

/** Supplies {@link HotTierStore}s over the stores of any durable bytes store supplier. */
public final class HotTierStoreSupplier implements KeyValueBytesStoreSupplier {

  private final KeyValueBytesStoreSupplier durable;
  private final HotTierSettings settings;

  public HotTierStoreSupplier(KeyValueBytesStoreSupplier durable, HotTierSettings settings) {
    this.durable = Objects.requireNonNull(durable, "durable");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The durable store's name: the hot tier is transparent, so the changelog keeps its name. */
  @Override
  public String name() {
    return durable.name();
  }

  @Override
  public KeyValueStore<Bytes, byte[]> get() {
    return new HotTierStore(durable.get(), settings);
  }

  /** Scope of Kafka Streams' per-store metrics, e.g. {@code hot-tier-rocksdb}. */
  @Override
  public String metricsScope() {
    return "hot-tier-" + durable.metricsScope();
  }
}
