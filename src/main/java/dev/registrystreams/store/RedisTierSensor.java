package dev.registrystreams.store;

import java.util.Map;
import java.util.function.DoubleSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.TaskId;

/** The Redis-tier metrics of one store instance, read from its counters when reported. */
final class RedisTierSensor {

  private final StreamsMetrics streamsMetrics;
  private final Sensor sensor;

  private RedisTierSensor(StreamsMetrics streamsMetrics, Sensor sensor) {
    this.streamsMetrics = streamsMetrics;
    this.sensor = sensor;
  }

  static RedisTierSensor register(
      StreamsMetrics streamsMetrics, RedisKeyValueStore store, TaskId taskId, String storeName) {
    String threadId = Thread.currentThread().getName();
    Map<String, String> tags =
        Map.of(
            HotTierMetrics.THREAD_ID_TAG, threadId,
            HotTierMetrics.TASK_ID_TAG, taskId.toString(),
            HotTierMetrics.STORE_NAME_TAG, storeName);
    String sensorName = RedisTierMetrics.GROUP + "." + threadId + "." + taskId + "." + storeName;
    Sensor sensor = streamsMetrics.addSensor(sensorName, Sensor.RecordingLevel.INFO);
    add(
        sensor,
        tags,
        RedisTierMetrics.HIT_TOTAL,
        "Lookups Redis answered with a value",
        store::hits);
    add(
        sensor,
        tags,
        RedisTierMetrics.MISS_TOTAL,
        "Lookups Redis answered with nothing",
        store::misses);
    add(sensor, tags, RedisTierMetrics.WRITE_TOTAL, "Write scripts run", store::writes);
    add(
        sensor,
        tags,
        RedisTierMetrics.ROLLBACK_TOTAL,
        "Keys rolled back to their last committed value on open",
        store::rolledBack);
    add(
        sensor,
        tags,
        RedisTierMetrics.AVAILABLE,
        "1 while Redis is reachable, 0 while waiting for it",
        () -> store.tier().health().isUp() ? 1 : 0);
    return new RedisTierSensor(streamsMetrics, sensor);
  }

  void remove() {
    streamsMetrics.removeSensor(sensor);
  }

  private static void add(
      Sensor sensor,
      Map<String, String> tags,
      String name,
      String description,
      DoubleSupplier source) {
    sensor.add(
        new MetricName(name, RedisTierMetrics.GROUP, description, tags), new Reading(source));
  }

  private record Reading(DoubleSupplier source) implements MeasurableStat {
    @Override
    public void record(MetricConfig config, double value, long timeMs) {}

    @Override
    public double measure(MetricConfig config, long now) {
      return source.getAsDouble();
    }
  }
}
