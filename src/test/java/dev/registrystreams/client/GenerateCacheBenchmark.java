package dev.registrystreams.client;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.embedded.EmbeddedKafkaBroker;
import dev.registrystreams.store.HotTierSettings;
import dev.registrystreams.store.RedisServer;
import dev.registrystreams.topology.CacheHits;
import dev.registrystreams.topology.ContextValues;
import dev.registrystreams.topology.TopicNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The answer time of {@code generate} for a request whose entry already holds its content: from the
 * registry cache (Redis) and through the Kafka round trip, in one run against one application in
 * Redis mode. A benchmark, not a test: run it by hand (see docs/BENCHMARKS.md) and it prints a
 * table.
 *
 * <p>Every measured call is {@code RoundTrip.request}, the code {@code generate} runs: with a
 * {@link RedisEntryLookup} (the cache on) or with {@link EntryLookup#NONE} ({@code --no-cache}).
 * Each answer is checked: UNCHANGED, and from the path that was measured.
 */
public final class GenerateCacheBenchmark {

  private static final int TITLES = 100;

  private final int kafkaCalls;
  private final int cacheCalls;
  private final String applicationId = "bench-generate";
  private final TopicNames topics = TopicNames.defaults();
  private final List<String> rows = new ArrayList<>();
  private long sequence;

  private GenerateCacheBenchmark(int kafkaCalls, int cacheCalls) {
    this.kafkaCalls = kafkaCalls;
    this.cacheCalls = cacheCalls;
  }

  /** Arguments: measured Kafka round trips (default 300), measured cache hits (default 20000). */
  public static void main(String[] args) throws Exception {
    int kafka = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 300;
    int cache = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 20_000;
    new GenerateCacheBenchmark(kafka, cache).run();
    System.exit(0);
  }

  private void run() throws Exception {
    Path work = Files.createTempDirectory("generate-bench-");
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder().logDir(work.resolve("kafka")).start();
        RedisServer redis = RedisServer.start(RedisServer.Options.plain())) {
      AppConfig config =
          new AppConfig(
                  broker.bootstrapServers(),
                  applicationId,
                  topics,
                  RegistrySchema.defaults(),
                  AppConfig.DEFAULT_STREAM_THREADS,
                  "exactly_once_v2",
                  work.resolve("state"),
                  HotTierSettings.defaults(),
                  true,
                  AppConfig.TopicLayout.defaults(),
                  Map.of())
              .withEntryStore(AppConfig.EntryStore.redis(redis.settings()));
      Properties client = config.clientProperties();
      try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofMinutes(2));
          RedisEntryLookup lookup =
              RedisEntryLookup.connect(redis.settings(), applicationId, config.schema())) {
        // The registry: TITLES entries, created through the pipeline.
        RoundTrip kafka = new RoundTrip(client, topics, EntryLookup.NONE);
        for (int i = 0; i < TITLES; i++) {
          Outcome outcome = call(kafka, i, false);
          if (outcome != Outcome.CREATED && outcome != Outcome.UNCHANGED) {
            throw new IllegalStateException("title " + i + " was answered " + outcome);
          }
        }
        RoundTrip cached = new RoundTrip(client, topics, lookup);
        Supplier<RedisEntryLookup> connecting =
            () -> RedisEntryLookup.connect(redis.settings(), applicationId, config.schema());

        measure(
            "Kafka round trip (`--no-cache`)",
            Math.max(20, kafkaCalls / 10),
            kafkaCalls,
            i -> call(kafka, i, false));
        measure(
            "registry cache, connection open",
            Math.max(1000, cacheCalls / 4),
            cacheCalls,
            i -> call(cached, i, true));
        int connectCalls = Math.max(50, Math.min(cacheCalls / 20, 1000));
        measure(
            "registry cache, connecting to Redis first (one CLI run's lookup)",
            Math.max(20, connectCalls / 10),
            connectCalls,
            i -> {
              try (RedisEntryLookup once = connecting.get()) {
                return call(new RoundTrip(client, topics, once), i, true);
              }
            });
      }
      System.out.println();
      System.out.println("| path | calls | p50 | p99 | mean | max |");
      System.out.println("|---|---:|---:|---:|---:|---:|");
      rows.forEach(System.out::println);
    } finally {
      delete(work);
    }
  }

  private interface Call {
    Outcome apply(int i);
  }

  private void measure(String name, int warmup, int calls, Call call) {
    for (int i = 0; i < warmup; i++) {
      call.apply(i);
    }
    Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      call.apply(i);
      histogram.recordValue(
          Math.min(System.nanoTime() - start, histogram.getHighestTrackableValue()));
    }
    String row =
        String.format(
            Locale.ROOT,
            "| %s | %,d | %s | %s | %s | %s |",
            name,
            calls,
            ms(histogram.getValueAtPercentile(50)),
            ms(histogram.getValueAtPercentile(99)),
            ms((long) histogram.getMean()),
            ms(histogram.getMaxValue()));
    System.out.println(row);
    rows.add(row);
  }

  /** One request repeating title {@code i % TITLES}; checks where the answer came from. */
  private Outcome call(RoundTrip roundTrip, int i, boolean fromCache) {
    GenerationRequest request = request(i % TITLES, "bench-" + sequence++);
    byte[] key = CacheHits.dedupKey(request).getBytes(StandardCharsets.UTF_8);
    RoundTrip.Reply reply = roundTrip.request(request, key, Duration.ofSeconds(30));
    if (!(reply instanceof RoundTrip.Answered answered)) {
      throw new IllegalStateException("request " + request.getRequestId() + " was rejected");
    }
    Outcome outcome = answered.entry().getOutcome();
    boolean expectUnchanged = sequence > TITLES;
    if (answered.fromLookup() != fromCache || (expectUnchanged && outcome != Outcome.UNCHANGED)) {
      throw new IllegalStateException(
          "request "
              + request.getRequestId()
              + " was answered "
              + outcome
              + (answered.fromLookup() ? " from the cache" : " through Kafka"));
    }
    return outcome;
  }

  private static GenerationRequest request(int title, String requestId) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", title % 2 == 0 ? "prod" : "dev");
    context.put("owner", "team-" + title);
    context.put("db_password", "hunter2");
    context.put("limits", Map.of("rps", 100 + title, "burst", 10));
    return GenerationRequest.newBuilder()
        .setRequestId(requestId)
        .setTitle("Generate benchmark title " + title)
        .setScope("GOV")
        .setType("RULES")
        .setContext(ContextValues.toAvro(context))
        .build();
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
