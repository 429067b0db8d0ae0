package dev.registrystreams.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The hot-tier metrics of one store instance, registered in Kafka Streams' metrics registry.
 *
 * <p>The values are read from Caffeine's statistics when a reporter asks, so the read path pays
 * nothing for metrics beyond Caffeine's own counters.
 */
final class HotTierSensor {

  private final StreamsMetrics streamsMetrics;
  private final Sensor sensor;

  private HotTierSensor(StreamsMetrics streamsMetrics, Sensor sensor) {
    this.streamsMetrics = streamsMetrics;
    this.sensor = sensor;
  }

  /** Registers the metrics of {@code cache}; call {@link #remove()} when the store closes. */
  static HotTierSensor register(
      StreamsMetrics streamsMetrics, Cache<?, ?> cache, TaskId taskId, String storeName) {
    // Stores are initialised on the stream thread that owns the task, which is also how Kafka
    // Streams fills its own thread-id tag.
    String threadId = Thread.currentThread().getName();
    Map<String, String> tags =
        Map.of(
            HotTierMetrics.THREAD_ID_TAG, threadId,
            HotTierMetrics.TASK_ID_TAG, taskId.toString(),
            HotTierMetrics.STORE_NAME_TAG, storeName);
    // Sensor names are global in the registry, so they must identify the store instance.
    String sensorName = HotTierMetrics.GROUP + "." + threadId + "." + taskId + "." + storeName;
    Sensor sensor = streamsMetrics.addSensor(sensorName, Sensor.RecordingLevel.INFO);

    add(
        sensor,
        tags,
        HotTierMetrics.HIT_TOTAL,
        "Lookups served by the hot tier",
        stat(cache, CacheStats::hitCount));
    add(
        sensor,
        tags,
        HotTierMetrics.MISS_TOTAL,
        "Lookups that read the durable tier",
        stat(cache, CacheStats::missCount));
    add(
        sensor,
        tags,
        HotTierMetrics.HIT_RATIO,
        "Hits divided by lookups",
        () -> hitRatio(cache.stats()));
    add(sensor, tags, HotTierMetrics.SIZE, "Entries held by the hot tier", cache::estimatedSize);
    add(
        sensor,
        tags,
        HotTierMetrics.EVICTION_TOTAL,
        "Entries evicted from the hot tier",
        stat(cache, CacheStats::evictionCount));
    return new HotTierSensor(streamsMetrics, sensor);
  }

  /** Removes the metrics from the registry. */
  void remove() {
    streamsMetrics.removeSensor(sensor);
  }

  private static void add(
      Sensor sensor,
      Map<String, String> tags,
      String name,
      String description,
      DoubleSupplier source) {
    sensor.add(new MetricName(name, HotTierMetrics.GROUP, description, tags), new Reading(source));
  }

  private static DoubleSupplier stat(Cache<?, ?> cache, ToLongFunction<CacheStats> counter) {
    return () -> counter.applyAsLong(cache.stats());
  }

  private static double hitRatio(CacheStats stats) {
    // Caffeine reports 1.0 before the first lookup; 0 reads better on a dashboard.
    return stats.requestCount() == 0 ? 0.0 : stats.hitRate();
  }

  /** A metric whose value comes from Caffeine rather than from {@link Sensor#record()}. */
  private record Reading(DoubleSupplier source) implements MeasurableStat {

    @Override
    public void record(MetricConfig config, double value, long timeMs) {
      // Nothing to record: the sensor is never recorded to, values are read on demand.
    }

    @Override
    public double measure(MetricConfig config, long now) {
      return source.getAsDouble();
    }
  }
}
