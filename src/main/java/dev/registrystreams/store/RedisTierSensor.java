package dev.registrystreams.store;

import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.TaskId;

/** The Redis-tier metrics of one store instance, read from its counters when reported. */
final class RedisTierSensor {

  private RedisTierSensor() {}

  /** Registers the metrics of {@code store}; call {@link StoreGauges#remove()} on close. */
  static StoreGauges register(
      StreamsMetrics streamsMetrics, RedisKeyValueStore store, TaskId taskId, String storeName) {
    return StoreGauges.open(streamsMetrics, RedisTierMetrics.GROUP, taskId, storeName)
        .gauge(RedisTierMetrics.HIT_TOTAL, "Lookups Redis answered with a value", store::hits)
        .gauge(RedisTierMetrics.MISS_TOTAL, "Lookups Redis answered with nothing", store::misses)
        .gauge(RedisTierMetrics.WRITE_TOTAL, "Write scripts run", store::writes)
        .gauge(
            RedisTierMetrics.ROLLBACK_TOTAL,
            "Keys rolled back to their last committed value on open",
            store::rolledBack)
        .gauge(
            RedisTierMetrics.AVAILABLE,
            "1 while Redis is reachable, 0 while waiting for it",
            () -> store.tier().health().isUp() ? 1 : 0);
  }
}
