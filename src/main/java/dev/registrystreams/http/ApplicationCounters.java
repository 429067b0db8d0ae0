package dev.registrystreams.http;

import dev.registrystreams.core.Outcome;
import dev.registrystreams.core.RejectionReason;
import dev.registrystreams.topology.RegistryCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.jspecify.annotations.Nullable;

/**
 * {@code registry_answers_total{outcome}} and {@code registry_dead_letters_total{reason}}: the
 * topology's counts ({@link RegistryCounts}), read from Kafka Streams' metrics when scraped. Every
 * outcome and reason is there from the start, at 0 until one occurs.
 */
final class ApplicationCounters {

  static final String ANSWERS = "registry.answers";
  static final String DEAD_LETTERS = "registry.dead.letters";

  // One scrape reads 21 counters; they share one pass over the metrics within this time.
  private static final long MAX_AGE_NANOS = 1_000_000_000L;

  private final KafkaStreams streams;
  private RegistryCounts.@Nullable Totals last;
  private long readAt;

  private ApplicationCounters(KafkaStreams streams) {
    this.streams = streams;
  }

  /** Registers the counters of {@code streams}; keep the result, the meters hold it weakly. */
  static ApplicationCounters register(MeterRegistry registry, KafkaStreams streams) {
    ApplicationCounters counters = new ApplicationCounters(streams);
    for (Outcome outcome : Outcome.values()) {
      FunctionCounter.builder(ANSWERS, counters, c -> c.totals().answers(outcome))
          .description("Answers sent to the entries topic, by outcome")
          .tag("outcome", outcome.name())
          .register(registry);
    }
    for (RejectionReason reason : RejectionReason.values()) {
      FunctionCounter.builder(DEAD_LETTERS, counters, c -> c.totals().deadLetters(reason))
          .description("Dead letters sent to the dead-letter topic, by reason")
          .tag("reason", reason.name())
          .register(registry);
    }
    return counters;
  }

  private synchronized RegistryCounts.Totals totals() {
    long now = System.nanoTime();
    RegistryCounts.Totals totals = last;
    if (totals == null || now - readAt > MAX_AGE_NANOS) {
      totals = RegistryCounts.totals(streams.metrics());
      last = totals;
      readAt = now;
    }
    return totals;
  }
}
