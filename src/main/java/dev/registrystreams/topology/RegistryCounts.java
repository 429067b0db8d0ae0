package dev.registrystreams.topology;

import dev.registrystreams.core.Outcome;
import dev.registrystreams.core.RejectionReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Names of the answer and dead-letter counts in Kafka Streams' metrics registry, and a reader that
 * sums them. Each count is one metric per instance, tagged only with its outcome or reason: it is
 * shared by every thread and task, so it never drops when a task moves to another thread or
 * instance.
 *
 * <p>They count records as they are handed to the producer. Under exactly-once a transaction that
 * aborts (a thread that fails, a task that moves mid-transaction) has its records counted and then
 * counted again when they are processed once more, so the counts equal the records on the topics
 * after a run without failures, and may exceed them after one.
 */
public final class RegistryCounts {

  /** Metric group of both counts. */
  public static final String GROUP = "registry-topology-metrics";

  /** Answers sent to the entries topic, tagged with {@link #OUTCOME_TAG}. */
  public static final String ANSWER_TOTAL = "answer-total";

  /** Dead letters sent to the dead-letter topic, tagged with {@link #REASON_TAG}. */
  public static final String DEAD_LETTER_TOTAL = "dead-letter-total";

  public static final String OUTCOME_TAG = "outcome";
  public static final String REASON_TAG = "reason";

  private RegistryCounts() {}

  /** The counts in a Kafka Streams metrics map, summed; 0 for those not (yet) in it. */
  public static Totals totals(Map<MetricName, ? extends Metric> metrics) {
    Map<Outcome, Long> answers = new EnumMap<>(Outcome.class);
    Map<RejectionReason, Long> deadLetters = new EnumMap<>(RejectionReason.class);
    for (Outcome outcome : Outcome.values()) {
      answers.put(outcome, 0L);
    }
    for (RejectionReason reason : RejectionReason.values()) {
      deadLetters.put(reason, 0L);
    }
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
      MetricName name = entry.getKey();
      if (!GROUP.equals(name.group())) {
        continue;
      }
      // Kafka reports every Measurable as a Double; the counts are whole numbers.
      long value = ((Number) entry.getValue().metricValue()).longValue();
      if (ANSWER_TOTAL.equals(name.name())) {
        answers.merge(
            Outcome.valueOf(Objects.requireNonNull(name.tags().get(OUTCOME_TAG))),
            value,
            Long::sum);
      } else if (DEAD_LETTER_TOTAL.equals(name.name())) {
        deadLetters.merge(
            RejectionReason.valueOf(Objects.requireNonNull(name.tags().get(REASON_TAG))),
            value,
            Long::sum);
      }
    }
    return new Totals(
        Collections.unmodifiableMap(answers), Collections.unmodifiableMap(deadLetters));
  }

  /**
   * Answers per outcome and dead letters per reason, every outcome and reason present.
   *
   * @param answers in {@link Outcome} order
   * @param deadLetters in {@link RejectionReason} order
   */
  public record Totals(Map<Outcome, Long> answers, Map<RejectionReason, Long> deadLetters) {

    public long answers(Outcome outcome) {
      return Objects.requireNonNull(answers.get(outcome), "every outcome has a total");
    }

    public long deadLetters(RejectionReason reason) {
      return Objects.requireNonNull(deadLetters.get(reason), "every reason has a total");
    }
  }
}
