package dev.registrystreams.store;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Names of the Redis-tier metrics in Kafka Streams' registry (tags as the hot tier's: {@code
 * thread-id}, {@code task-id}, {@code store-name}), and a reader that sums them. A Redis hit or
 * miss is a lookup the hot tier could not serve; hot-tier hits never reach Redis.
 */
public final class RedisTierMetrics {

  /** Metric group of every Redis-tier metric. */
  public static final String GROUP = "registry-redis-tier-metrics";

  /** Lookups that reached Redis and found a value. */
  public static final String HIT_TOTAL = "hit-total";

  /** Lookups that reached Redis and found nothing. */
  public static final String MISS_TOTAL = "miss-total";

  /** Write scripts run (each one atomic: values, index entries and undo information). */
  public static final String WRITE_TOTAL = "write-total";

  /** Keys rolled back to their last committed value when the task was (re)opened. */
  public static final String ROLLBACK_TOTAL = "rollback-total";

  /** 1 while Redis is reachable, 0 while the store waits for it. */
  public static final String AVAILABLE = "available";

  private RedisTierMetrics() {}

  /** Sums hit-total and miss-total over every task and store in a Kafka Streams metrics map. */
  public static HotTierMetrics.HitCounts totals(Map<MetricName, ? extends Metric> metrics) {
    long hits = 0;
    long misses = 0;
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
      MetricName name = entry.getKey();
      if (!GROUP.equals(name.group())) {
        continue;
      }
      long value = ((Number) entry.getValue().metricValue()).longValue();
      if (HIT_TOTAL.equals(name.name())) {
        hits += value;
      } else if (MISS_TOTAL.equals(name.name())) {
        misses += value;
      }
    }
    return new HotTierMetrics.HitCounts(hits, misses);
  }
}
