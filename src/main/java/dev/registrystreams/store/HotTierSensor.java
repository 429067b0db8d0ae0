package dev.registrystreams.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.function.DoubleSupplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The hot-tier metrics of one store instance, read from Caffeine's statistics when a reporter asks,
 * so the read path pays nothing for metrics beyond Caffeine's own counters.
 */
final class HotTierSensor {

  private HotTierSensor() {}

  /** Registers the metrics of {@code cache}; call {@link StoreGauges#remove()} on close. */
  static StoreGauges register(
      StreamsMetrics streamsMetrics, Cache<?, ?> cache, TaskId taskId, String storeName) {
    return StoreGauges.open(streamsMetrics, HotTierMetrics.GROUP, taskId, storeName)
        .gauge(
            HotTierMetrics.HIT_TOTAL,
            "Lookups served by the hot tier",
            stat(cache, CacheStats::hitCount))
        .gauge(
            HotTierMetrics.MISS_TOTAL,
            "Lookups that read the durable tier",
            stat(cache, CacheStats::missCount))
        .gauge(HotTierMetrics.HIT_RATIO, "Hits divided by lookups", () -> hitRatio(cache.stats()))
        .gauge(HotTierMetrics.SIZE, "Entries held by the hot tier", cache::estimatedSize)
        .gauge(
            HotTierMetrics.EVICTION_TOTAL,
            "Entries evicted from the hot tier",
            stat(cache, CacheStats::evictionCount));
  }

  private static DoubleSupplier stat(Cache<?, ?> cache, ToLongFunction<CacheStats> counter) {
    return () -> counter.applyAsLong(cache.stats());
  }

  private static double hitRatio(CacheStats stats) {
    // Caffeine reports 1.0 before the first lookup; 0 reads better on a dashboard.
    return stats.requestCount() == 0 ? 0.0 : stats.hitRate();
  }
}
