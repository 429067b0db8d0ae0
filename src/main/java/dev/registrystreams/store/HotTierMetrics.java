package dev.registrystreams.store;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** Names of the hot-tier metrics in Kafka Streams' registry, and a reader that sums them. */
public final class HotTierMetrics {

  /** Metric group of every hot-tier metric. */
  public static final String GROUP = "registry-hot-tier-metrics";

  /** Lookups served by the hot tier. */
  public static final String HIT_TOTAL = "hit-total";

  /** Lookups that had to read the durable tier. */
  public static final String MISS_TOTAL = "miss-total";

  /** Hits divided by lookups of one store instance; 0 before the first lookup. */
  public static final String HIT_RATIO = "hit-ratio";

  /** Entries currently held by the hot tier (an estimate, as Caffeine reports it). */
  public static final String SIZE = "size";

  /** Entries the hot tier evicted to stay within its bound. */
  public static final String EVICTION_TOTAL = "eviction-total";

  public static final String THREAD_ID_TAG = "thread-id";
  public static final String TASK_ID_TAG = "task-id";
  public static final String STORE_NAME_TAG = "store-name";

  private HotTierMetrics() {}

  /** Sums hit-total and miss-total over every task and store in a Kafka Streams metrics map. */
  public static HitCounts totals(Map<MetricName, ? extends Metric> metrics) {
    long hits = 0;
    long misses = 0;
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
      MetricName name = entry.getKey();
      if (!GROUP.equals(name.group())) {
        continue;
      }
      if (HIT_TOTAL.equals(name.name())) {
        hits += count(entry.getValue());
      } else if (MISS_TOTAL.equals(name.name())) {
        misses += count(entry.getValue());
      }
    }
    return new HitCounts(hits, misses);
  }

  private static long count(Metric metric) {
    // Kafka reports every Measurable as a Double; the totals are whole numbers.
    return ((Number) metric.metricValue()).longValue();
  }

  /** Hot-tier hits and misses summed over stores. */
  public record HitCounts(long hits, long misses) {

    /** Lookups, hits plus misses. */
    public long lookups() {
      return hits + misses;
    }

    /** Fraction of lookups served by the hot tier; 0 when there were none. */
    public double hitRate() {
      long lookups = lookups();
      return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
  }
}
