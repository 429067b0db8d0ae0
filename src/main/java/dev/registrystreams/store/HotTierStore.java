package dev.registrystreams.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * A write-through Caffeine hot tier in front of any durable bytes key-value store.
 *
 * <p>The durable (inner) store is always complete and up to date: every write reaches it before the
 * cache, and restoration writes to it directly through the restore callback it registers itself.
 * The cache therefore only ever holds copies of the inner store's current values, which is why
 * scans, interactive queries and offsets can all be answered by the inner store alone.
 *
 * <p>The cache lives from {@link #init} to {@link #close}. Under exactly-once an aborted task's
 * stores are closed and restored from the changelog, so starting empty at every init is what keeps
 * uncommitted values out of the hot tier.
 *
 * <p>Writes and cache fills hold the store's lock, so an interactive-query thread filling the cache
 * on a miss cannot put back a value that the stream thread has just overwritten or deleted. Hits
 * take no lock.
 *
 * <p>Known limit: restoration bypasses the hot tier, which is safe because the cache starts empty
 * at init and processing begins only once restoration is done. The exception is an interactive
 * query through {@code get} against a store that is still restoring or is a standby (only possible
 * with stale stores enabled): it can cache a value that restoration then replaces, and a standby
 * promoted to active keeps its open store. Query standbys through IQv2 ({@link #query}), which
 * always reads the durable tier.
 *
 * <p>Cached arrays are shared with callers, as in Kafka's own in-memory stores: the serde layer
 * above never mutates them.
 */
public final class HotTierStore implements KeyValueStore<Bytes, byte[]> {

  private final KeyValueStore<Bytes, byte[]> inner;
  private final HotTierSettings settings;
  // Replaced at every init; volatile because interactive queries read it from other threads.
  private volatile @Nullable Cache<Bytes, byte[]> cache;
  private @Nullable StoreGauges sensor;

  public HotTierStore(KeyValueStore<Bytes, byte[]> inner, HotTierSettings settings) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    // The inner store registers itself under root (the outermost store), so the state manager
    // finds it by name and restores straight into it.
    inner.init(context, root);
    Cache<Bytes, byte[]> cache = newCache(settings);
    this.cache = cache;
    sensor = HotTierSensor.register(context.metrics(), cache, context.taskId(), name());
  }

  private Cache<Bytes, byte[]> cache() {
    return Objects.requireNonNull(cache, "the store is not initialised");
  }

  private static Cache<Bytes, byte[]> newCache(HotTierSettings settings) {
    Caffeine<Object, Object> builder =
        Caffeine.newBuilder()
            .recordStats()
            // Maintenance (including eviction) runs on the stream thread that touched the cache:
            // no work leaks onto the common pool and the bound holds right after each write.
            .executor(Runnable::run);
    if (settings.weighted()) {
      return builder
          .maximumWeight(settings.maximumWeightBytes())
          .<Bytes, byte[]>weigher((key, value) -> key.get().length + value.length)
          .build();
    }
    return builder.maximumSize(settings.maximumEntries()).build();
  }

  @Override
  public byte @Nullable [] get(Bytes key) {
    // getIfPresent is what records the hit or miss in Caffeine's statistics.
    byte[] cached = cache().getIfPresent(key);
    return cached != null ? cached : load(key);
  }

  private synchronized byte @Nullable [] load(Bytes key) {
    byte[] value = inner.get(key);
    // Absent keys are not cached: a later write would have to invalidate them anyway, and the
    // dedup path reads each new key once before creating it.
    if (value != null) {
      cache().put(key, value);
    }
    return value;
  }

  @Override
  public synchronized void put(Bytes key, byte @Nullable [] value) {
    inner.put(key, value);
    remember(key, value);
  }

  @Override
  public synchronized byte @Nullable [] putIfAbsent(Bytes key, byte @Nullable [] value) {
    byte[] previous = inner.putIfAbsent(key, value);
    // Either way the inner store now holds "previous if present, else value".
    remember(key, previous != null ? previous : value);
    return previous;
  }

  @Override
  public synchronized void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    inner.putAll(entries);
    for (KeyValue<Bytes, byte[]> entry : entries) {
      remember(entry.key, entry.value);
    }
  }

  @Override
  public synchronized byte @Nullable [] delete(Bytes key) {
    byte[] previous = inner.delete(key);
    cache().invalidate(key);
    return previous;
  }

  /** Mirrors a value the inner store now holds; null means the key is gone. */
  private void remember(Bytes key, byte @Nullable [] value) {
    if (value == null) {
      cache().invalidate(key);
    } else {
      cache().put(key, value);
    }
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return inner.range(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    return inner.reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return inner.all();
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseAll() {
    return inner.reverseAll();
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
      P prefix, PS prefixKeySerializer) {
    return inner.prefixScan(prefix, prefixKeySerializer);
  }

  @Override
  public long approximateNumEntries() {
    return inner.approximateNumEntries();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    long start = config.isCollectExecutionInfo() ? System.nanoTime() : -1L;
    QueryResult<R> result;
    if (inner instanceof RedisKeyValueStore) {
      result = inner.query(query, positionBound, config);
    } else {
      // Kafka's RocksDBStore answers a query holding its Position's lock and then takes its own
      // (get is synchronized), while put holds its own and then takes the Position's: a query
      // during a write deadlocks both threads. Taking the store's lock first keeps put's order.
      synchronized (inner) {
        result = inner.query(query, positionBound, config);
      }
    }
    if (config.isCollectExecutionInfo()) {
      result.addExecutionInfo(
          "Handled in "
              + getClass()
              + " by the durable tier in "
              + (System.nanoTime() - start)
              + "ns");
    }
    return result;
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    inner.commit(changelogOffsets);
  }

  @Override
  public @Nullable Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  // Deprecated in Kafka 4.x in favour of commit(), but still part of the contract: a RocksDB
  // inner store that tracks its own changelog offsets must be seen to do so through the wrapper.
  @Override
  @SuppressWarnings("deprecation")
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  @SuppressWarnings("deprecation")
  public void flush() {
    inner.flush();
  }

  @Override
  public void close() {
    try {
      inner.close();
    } finally {
      if (sensor != null) {
        sensor.remove();
        sensor = null;
      }
      Cache<Bytes, byte[]> cache = this.cache;
      if (cache != null) {
        cache.invalidateAll();
      }
    }
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }
}
