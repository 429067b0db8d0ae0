package dev.registrystreams.store;

import java.util.Map;
import java.util.function.DoubleSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.TaskId;

/**
 * Gauges of one store instance in Kafka Streams' metrics registry, tagged like Kafka's own store
 * metrics (thread-id, task-id, store-name). Values are read on demand when a reporter asks, so the
 * store's read and write paths pay nothing for them.
 */
final class StoreGauges {

  private final StreamsMetrics streamsMetrics;
  private final Sensor sensor;
  private final String group;
  private final Map<String, String> tags;

  private StoreGauges(
      StreamsMetrics streamsMetrics, Sensor sensor, String group, Map<String, String> tags) {
    this.streamsMetrics = streamsMetrics;
    this.sensor = sensor;
    this.group = group;
    this.tags = tags;
  }

  /** Opens the gauges of a store instance in {@code group}; call {@link #remove()} on close. */
  static StoreGauges open(
      StreamsMetrics streamsMetrics, String group, TaskId taskId, String storeName) {
    // Stores are initialised on the stream thread that owns the task, which is also how Kafka
    // Streams fills its own thread-id tag.
    String threadId = Thread.currentThread().getName();
    Map<String, String> tags =
        Map.of(
            HotTierMetrics.THREAD_ID_TAG, threadId,
            HotTierMetrics.TASK_ID_TAG, taskId.toString(),
            HotTierMetrics.STORE_NAME_TAG, storeName);
    // Sensor names are global in the registry, so they must identify the store instance.
    String sensorName = group + "." + threadId + "." + taskId + "." + storeName;
    Sensor sensor = streamsMetrics.addSensor(sensorName, Sensor.RecordingLevel.INFO);
    return new StoreGauges(streamsMetrics, sensor, group, tags);
  }

  /** Adds a gauge whose value is {@code source}'s when read. */
  StoreGauges gauge(String name, String description, DoubleSupplier source) {
    sensor.add(new MetricName(name, group, description, tags), new Reading(source));
    return this;
  }

  /** Removes the gauges from the registry. */
  void remove() {
    streamsMetrics.removeSensor(sensor);
  }

  /** A metric whose value is read from the store rather than recorded to the sensor. */
  private record Reading(DoubleSupplier source) implements MeasurableStat {

    @Override
    public void record(MetricConfig config, double value, long timeMs) {
      // Nothing to record: the sensor is never recorded to.
    }

    @Override
    public double measure(MetricConfig config, long now) {
      return source.getAsDouble();
    }
  }
}
