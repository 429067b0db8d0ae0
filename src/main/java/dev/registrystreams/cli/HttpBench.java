package dev.registrystreams.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.app.StopHandle;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.client.SharedRoundTrip;
import dev.registrystreams.http.HttpRoutes;
import dev.registrystreams.http.HttpSettings;
import dev.registrystreams.http.InstanceSlot;
import dev.registrystreams.http.PooledHttpClient;
import dev.registrystreams.http.RegistryHttpServer;
import dev.registrystreams.http.WriteSettings;
import dev.registrystreams.topology.CacheHits;
import dev.registrystreams.topology.ContextValues;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code bench --via http}: latency of generation over HTTP ({@code POST /requests}) at a steady
 * rate, for misses (new titles: a Kafka round trip behind the HTTP call) and hits (the same
 * requests again: answered UNCHANGED from the instance's store), beside the same two workloads sent
 * as a Kafka request/reply client sends them (one producer, one read-committed answer consumer, no
 * HTTP). One instance in this JVM, its HTTP server on a free local port.
 *
 * <p>Latency is taken from each request's scheduled send time to its answer, so a stall delays the
 * requests behind it in the figures too (no coordinated omission).
 */
final class HttpBench {

  /** One measured workload. */
  record Row(
      String path,
      String phase,
      Histogram latencyMicros,
      long answers,
      double seconds,
      Map<String, Long> outcomes) {
    double throughput() {
      return seconds == 0 ? 0 : answers / seconds;
    }
  }

  private static final Duration DRAIN = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Requests in flight at most: one HTTP/1.1 connection each (two descriptors in this JVM, which
   * serves them too), so an instance that falls behind cannot run the process out of files. A
   * request past the bound waits, and its wait counts in its latency.
   */
  static final int MAX_IN_FLIGHT = 512;

  private final AppConfig config;
  private final Duration startupTimeout;
  private final double rate;
  private final Duration warmup;
  private final Duration measured;
  private final PrintWriter out;

  HttpBench(
      AppConfig config,
      Duration startupTimeout,
      double rate,
      Duration warmup,
      Duration measured,
      PrintWriter out) {
    this.config = config;
    this.startupTimeout = startupTimeout;
    this.rate = rate;
    this.warmup = warmup;
    this.measured = measured;
    this.out = out;
  }

  /** Starts the instance and its HTTP server, runs the four workloads, and stops them. */
  List<Row> run() throws InterruptedException {
    InstanceSlot slot = new InstanceSlot();
    // The bench's own bound would otherwise be the server's: 429s are not latency.
    HttpSettings settings =
        new HttpSettings(
            "127.0.0.1",
            0,
            null,
            new WriteSettings(true, Math.max(10_000, rate * 4), WriteSettings.DEFAULT_MAX_WAITING));
    List<Row> rows = new ArrayList<>();
    try (RegistryHttpServer server =
        RegistryHttpServer.start(settings, HttpRoutes.of(slot, settings))) {
      AppConfig withServer = config.withApplicationServer("127.0.0.1:" + server.port());
      try (RegistryStreamsApp app =
              RegistryStreamsApp.start(withServer, startupTimeout, new StopHandle(), slot::set);
          SharedRoundTrip kafka =
              SharedRoundTrip.start(
                  withServer.clientProperties(),
                  withServer.topics(),
                  WriteSettings.DEFAULT_MAX_WAITING,
                  startupTimeout)) {
        URI requests = URI.create(server.url() + "/requests");
        // One thread per request in flight: each waits for its answer in a blocking send.
        try (PooledHttpClient client =
            new PooledHttpClient(
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                MAX_IN_FLIGHT,
                "bench-http-client")) {
          rows.addAll(measure("kafka", "miss", n -> viaKafka(kafka, request("k", n))));
          rows.addAll(measure("kafka", "hit", n -> viaKafka(kafka, request("k", n))));
          rows.addAll(measure("http", "miss", n -> viaHttp(client, requests, request("h", n))));
          rows.addAll(measure("http", "hit", n -> viaHttp(client, requests, request("h", n))));
        }
      }
    }
    return rows;
  }

  /**
   * Sends request 0, 1, 2, ... at the rate for the warm-up and the measured time, and returns both
   * phases. A "hit" run repeats the titles of the "miss" run before it, which made them.
   */
  private List<Row> measure(String path, String phase, LongFunction<CompletableFuture<String>> send)
      throws InterruptedException {
    out.printf("Running %s %s ...%n", path, phase);
    out.flush();
    Recorder warm = new Recorder(3);
    Recorder timed = new Recorder(3);
    Map<String, Long> outcomes = new ConcurrentHashMap<>();
    AtomicLong done = new AtomicLong();
    long intervalNanos = (long) (1e9 / rate);
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + measured.toNanos();
    long n = 0;
    long measuredCount = 0;
    long[] lastAnswer = {0};
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
    while (true) {
      long scheduled = start + n * intervalNanos;
      if (scheduled >= end) {
        break;
      }
      parkUntil(scheduled);
      boolean isMeasured = scheduled >= measureFrom;
      if (isMeasured) {
        measuredCount++;
      }
      Recorder into = isMeasured ? timed : warm;
      inFlight.acquire();
      send.apply(n)
          .whenComplete(
              (outcome, error) -> {
                long now = System.nanoTime();
                into.recordValue(Math.max(1, (now - scheduled) / 1000));
                if (isMeasured) {
                  outcomes.merge(error == null ? outcome : "error", 1L, Long::sum);
                  advance(lastAnswer, now);
                }
                done.incrementAndGet();
                inFlight.release();
              });
      n++;
    }
    awaitAnswers(done, n);
    double seconds = (Math.max(lastAnswer[0], end) - measureFrom) / 1e9;
    return List.of(
        new Row(
            path,
            phase + " warm-up",
            warm.getIntervalHistogram(),
            n - measuredCount,
            warmup.toNanos() / 1e9,
            Map.of()),
        new Row(
            path,
            phase,
            timed.getIntervalHistogram(),
            measuredCount,
            seconds,
            new TreeMap<>(outcomes)));
  }

  /** Moves {@code latest[0]} up to {@code now}; answers complete on the HTTP client's threads. */
  private static void advance(long[] latest, long now) {
    synchronized (latest) {
      latest[0] = Math.max(latest[0], now);
    }
  }

  /** Parks until {@code nanoTime}, a {@link System#nanoTime()} value; no wait once it is past. */
  private static void parkUntil(long nanoTime) {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  /**
   * Waits up to {@link #DRAIN} for the answers still out, so that a phase's figures hold every
   * answer; warns of any that do not come.
   */
  private void awaitAnswers(AtomicLong done, long sent) throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (done.get() < sent && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    if (done.get() < sent) {
      out.printf(
          "warning: %d of %d requests unanswered after %d s%n",
          sent - done.get(), sent, DRAIN.toSeconds());
    }
  }

  /** The {@code n}th request of a series: its own title, a small context. */
  private static GenerationRequest request(String series, long n) {
    return GenerationRequest.newBuilder()
        .setRequestId(series + "-" + n + "-" + System.nanoTime())
        .setTitle("bench " + series + " title " + n)
        .setScope("GOV")
        .setType("RULES")
        .setContext(
            ContextValues.toAvro(Map.of("env", "prod", "n", n, "owner", "team-" + (n % 17))))
        .build();
  }

  private static CompletableFuture<String> viaKafka(
      SharedRoundTrip trip, GenerationRequest request) {
    try {
      return trip.send(request, SharedRoundTrip.keyOf(CacheHits.dedupKey(request)))
          .answer()
          .orTimeout(60, TimeUnit.SECONDS)
          .thenApply(
              reply ->
                  reply instanceof dev.registrystreams.client.RoundTrip.Answered a
                      ? a.entry().getOutcome().name()
                      : "REJECTED");
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static CompletableFuture<String> viaHttp(
      PooledHttpClient client, URI url, GenerationRequest request) {
    byte[] body;
    try {
      body =
          JSON.writeValueAsBytes(
              Map.of(
                  "requestId", String.valueOf(request.getRequestId()),
                  "title", String.valueOf(request.getTitle()),
                  "scope", String.valueOf(request.getScope()),
                  "type", String.valueOf(request.getType()),
                  "context", ContextValues.toJava(request.getContext(), 4)));
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    return client
        .send(
            HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                return "HTTP " + response.statusCode();
              }
              String text = response.body();
              String outcome = field(text, "outcome");
              return outcome + (text.contains("\"source\":\"cache\"") ? " (cache)" : "");
            });
  }

  private static String field(String json, String name) {
    int at = json.indexOf("\"" + name + "\":\"");
    if (at < 0) {
      return "?";
    }
    int from = at + name.length() + 4;
    return json.substring(from, json.indexOf('"', from));
  }

  static void printTable(PrintWriter out, List<Row> rows) {
    out.println();
    out.printf(
        "%-6s %-13s %9s %8s %8s %8s %8s %8s %8s  %s%n",
        "path",
        "phase",
        "answers",
        "req/s",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "p99.9 ms",
        "max ms",
        "outcomes");
    for (Row row : rows) {
      Histogram h = row.latencyMicros();
      out.printf(
          "%-6s %-13s %,9d %,8.0f %8.2f %8.2f %8.2f %8.2f %8.2f  %s%n",
          row.path(),
          row.phase(),
          row.answers(),
          row.throughput(),
          h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(90) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0,
          h.getValueAtPercentile(99.9) / 1000.0,
          h.getMaxValue() / 1000.0,
          row.outcomes().isEmpty() ? "" : row.outcomes());
    }
    out.flush();
  }
}
