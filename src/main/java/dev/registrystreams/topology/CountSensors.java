package dev.registrystreams.topology;

import dev.registrystreams.core.Outcome;
import dev.registrystreams.core.RejectionReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The sensors behind {@link RegistryCounts}: one per outcome and one per reason in an instance's
 * Kafka Streams metrics. Every processor of the instance that asks gets the same sensors (sensor
 * names are global in the registry, and adding them again changes nothing), and they are never
 * removed, so a count outlives the task and the thread that recorded it.
 */
final class CountSensors {

  private static final String SENSOR_PREFIX = "registry-topology.";

  private final Map<Outcome, Sensor> answers = new EnumMap<>(Outcome.class);
  private final Map<RejectionReason, Sensor> deadLetters = new EnumMap<>(RejectionReason.class);

  private CountSensors(StreamsMetrics metrics) {
    for (Outcome outcome : Outcome.values()) {
      answers.put(
          outcome,
          sensor(
              metrics,
              RegistryCounts.ANSWER_TOTAL,
              RegistryCounts.OUTCOME_TAG,
              outcome.name(),
              "Answers sent to the entries topic with this outcome"));
    }
    for (RejectionReason reason : RejectionReason.values()) {
      deadLetters.put(
          reason,
          sensor(
              metrics,
              RegistryCounts.DEAD_LETTER_TOTAL,
              RegistryCounts.REASON_TAG,
              reason.name(),
              "Dead letters sent to the dead-letter topic with this reason"));
    }
  }

  /** The instance's sensors, created by the first caller. */
  static CountSensors in(StreamsMetrics metrics) {
    return new CountSensors(metrics);
  }

  void answer(Outcome outcome) {
    Objects.requireNonNull(answers.get(outcome), "every outcome has a sensor").record();
  }

  void deadLetter(RejectionReason reason) {
    Objects.requireNonNull(deadLetters.get(reason), "every reason has a sensor").record();
  }

  private static Sensor sensor(
      StreamsMetrics metrics, String name, String tag, String value, String description) {
    Sensor sensor =
        metrics.addSensor(SENSOR_PREFIX + name + "." + value, Sensor.RecordingLevel.INFO);
    sensor.add(
        new MetricName(name, RegistryCounts.GROUP, description, Map.of(tag, value)),
        new CumulativeCount());
    return sensor;
  }
}
