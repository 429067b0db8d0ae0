package dev.registrystreams.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The write endpoints' meters: {@code registry_http_requests_total{route,status}}, {@code
 * registry_http_answer_seconds{source}}, {@code registry_http_waiting} and {@code
 * registry_http_refused_total{reason}}.
 */
final class WriteMeters {

  static final String REQUESTS = "registry.http.requests";
  static final String ANSWER = "registry.http.answer";
  static final String WAITING = "registry.http.waiting";
  static final String REFUSED = "registry.http.refused";

  /** Where an answer came from: the instance's store, or the topic after the round trip. */
  enum Source {
    cache,
    kafka
  }

  /** Why a request was refused before it was sent. */
  enum Refusal {
    rate,
    waiting
  }

  // Buckets around what a caller sees: a hit in about a millisecond, a miss in tens of them, and a
  // stalled round trip in seconds (the default timeout is 30 s). A few fixed ones keep the page
  // short, where a percentile histogram would add some 70 buckets per source.
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(20),
    Duration.ofMillis(30),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(30)
  };

  private final MeterRegistry registry;
  private final Timer fromCache;
  private final Timer fromKafka;
  private final Counter refusedRate;
  private final Counter refusedWaiting;
  private final java.util.Map<String, Counter> exchanges =
      new java.util.concurrent.ConcurrentHashMap<>();

  WriteMeters(MeterRegistry registry, AtomicInteger waiting) {
    this.registry = registry;
    this.fromCache = timer(registry, Source.cache);
    this.fromKafka = timer(registry, Source.kafka);
    this.refusedRate = refused(registry, Refusal.rate);
    this.refusedWaiting = refused(registry, Refusal.waiting);
    Gauge.builder(WAITING, waiting, AtomicInteger::get)
        .description("Requests sent over HTTP and waiting for their answers now")
        .strongReference(true)
        .register(registry);
  }

  private static Timer timer(MeterRegistry registry, Source source) {
    return Timer.builder(ANSWER)
        .description(
            "Time from a request's arrival over HTTP to its answer (an entry or a dead letter),"
                + " by where the answer came from; each request of a batch too")
        .tag("source", source.name())
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  private static Counter refused(MeterRegistry registry, Refusal reason) {
    return Counter.builder(REFUSED)
        .description(
            "Requests refused before they were sent: past the write rate (429) or past the"
                + " bound on requests waiting (503); a batch counts each of its requests")
        .tag("reason", reason.name())
        .register(registry);
  }

  /** One HTTP exchange on {@code route} answered {@code status}. */
  void exchange(String route, int status) {
    // Once per exchange: the counter is looked up in a map, not built and registered each time.
    exchanges
        .computeIfAbsent(
            route + " " + status,
            k ->
                Counter.builder(REQUESTS)
                    .description(
                        "HTTP exchanges on the write routes, by route and the status answered")
                    .tag("route", route)
                    .tag("status", Integer.toString(status))
                    .register(registry))
        .increment();
  }

  /** One answer, {@code nanos} after its request arrived. */
  void answered(Source source, long nanos) {
    (source == Source.cache ? fromCache : fromKafka).record(Duration.ofNanos(nanos));
  }

  /** {@code count} requests refused for {@code reason}. */
  void refused(Refusal reason, int count) {
    (reason == Refusal.rate ? refusedRate : refusedWaiting).increment(count);
  }
}
