package dev.registrystreams.cli;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.app.StopHandle;
import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.PathChange;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.Expected;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.core.yaml.YamlCodec;
import dev.registrystreams.embedded.EmbeddedKafkaBroker;
import dev.registrystreams.http.HttpSettings;
import dev.registrystreams.http.InstanceSlot;
import dev.registrystreams.http.RegistryHttpServer;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.store.HotTierMetrics;
import dev.registrystreams.store.RedisTierMetrics;
import dev.registrystreams.topology.TopicNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: everything in one JVM. Starts the embedded broker and the application, sends a
 * mixed workload, waits for every answer and prints what happened.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the application on an in-process broker, sends a mixed workload (new, duplicate,"
          + " changed and bad requests), waits for every answer and prints a summary.",
      "With --output json or yaml the summary is one document on stdout (what it is doing goes to"
          + " stderr): ok, requests, answered, answeredTwice, expected and outcomes (CREATED, UPDATED,"
          + " UNCHANGED, REJECTED: count), expectedDeadLetters and deadLetters (reason:"
          + " count), seconds, requestsPerSecond, hotTier (hits, misses, hitRate from 0 to 1),"
          + " redisTier (hits, misses: lookups the hot tier passed on to Redis; null without"
          + " --store redis),"
          + " sampleEntries (header, grepable, title), sampleConfig (contentHash, config) and"
          + " sampleChange (entryId, revisionFrom, revisionTo, hashFrom, hashTo, changes: op, path,"
          + " oldValue, newValue); the last two null when the workload has none.",
      "Exits 0 when every request got exactly the answer it should."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin StreamsOptions streams;
  @Mixin OutputOptions output;

  @Option(
      names = "--titles",
      paramLabel = "N",
      defaultValue = "2000",
      description = "Distinct titles (CREATED). Default: ${DEFAULT-VALUE}.")
  int titles;

  @Option(
      names = "--duplicates",
      paramLabel = "N",
      defaultValue = "2000",
      description = "Exact repeats (UNCHANGED). Default: ${DEFAULT-VALUE}.")
  int duplicates;

  @Option(
      names = "--updates",
      paramLabel = "N",
      defaultValue = "600",
      description = "Changed contexts (UPDATED). Default: ${DEFAULT-VALUE}.")
  int updates;

  @Option(
      names = "--bad",
      paramLabel = "N",
      defaultValue = "140",
      description = "Bad records (dead letters). Default: ${DEFAULT-VALUE}.")
  int bad;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Workload seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--serve",
      description =
          "After the workload, keep the application running and serve its HTTP side (the"
              + " dashboard page, lookups, the change feed) on --http-port until Ctrl-C.")
  boolean serve;

  @Mixin HttpOptions http;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "180",
      description = "How long to wait for every answer. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  @Override
  public Integer call() throws IOException {
    if (Stream.of(titles, duplicates, updates, bad).anyMatch(n -> n < 0) || titles < 1) {
      throw new UserException(
          "--titles must be at least 1 and the other counts at least 0", RegistryStreamsCli.USAGE);
    }
    Printer printer = output.printer(spec.commandLine().getOut());
    // What it is doing goes with the table on stdout; beside a document, to stderr.
    PrintWriter status =
        printer.format() == OutputOptions.Format.table
            ? spec.commandLine().getOut()
            : spec.commandLine().getErr();
    try (TempStateDir state = TempStateDir.create("demo")) {
      streams.stateDir = state.path();
      // Every option is checked before the broker starts; its address is known only then.
      AppConfig unplaced =
          streams.appConfig(
              "127.0.0.1:0", AppConfig.DEFAULT_APPLICATION_ID, TopicNames.defaults(), Map.of());
      status.println("Starting an in-process Kafka broker and registry-streams ...");
      status.println(state.notice());
      status.flush();
      HttpSettings httpSettings = serve ? http.settings() : null;
      try (EmbeddedKafkaBroker broker = EmbeddedBrokers.start(0)) {
        AppConfig config = unplaced.withBootstrapServers(broker.bootstrapServers());
        if (httpSettings == null) {
          try (RegistryStreamsApp app =
              RegistryStreamsApp.start(config, streams.startupTimeout())) {
            return runWorkload(app, printer, status);
          }
        }
        InstanceSlot slot = new InstanceSlot();
        try (RegistryHttpServer server = http.serve(httpSettings, slot);
            RegistryStreamsApp app =
                RegistryStreamsApp.start(
                    config.withApplicationServer(http.applicationServer(server.port())),
                    streams.startupTimeout(),
                    new StopHandle(),
                    slot::set)) {
          int exit = runWorkload(app, printer, status);
          return serveUntilStopped(server, status, exit);
        }
      }
    }
  }

  /**
   * Prints the page's address and blocks until Ctrl-C (the shutdown hook interrupts this thread and
   * waits for the application and broker to close) or an interrupt.
   */
  private static int serveUntilStopped(RegistryHttpServer server, PrintWriter status, int exit) {
    status.println("The dashboard page: " + server.url() + "/  (Ctrl-C stops the demo)");
    status.flush();
    Thread serving = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              serving.interrupt();
              try {
                serving.join(Duration.ofSeconds(60).toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "registry-streams-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      new java.util.concurrent.CountDownLatch(1).await();
    } catch (InterruptedException e) {
      // Stopped: the caller closes the application and the broker.
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook is what stopped us.
      }
    }
    status.println("registry-streams demo stopped");
    status.flush();
    return exit;
  }

  private int runWorkload(RegistryStreamsApp app, Printer printer, PrintWriter status) {
    AppConfig config = app.config();
    MixedWorkload workload =
        MixedWorkload.generate(
            new MixedWorkload.Shape(titles, duplicates, updates, bad, seed), "demo");
    List<WorkloadRequest> requests = workload.requests();
    Set<String> ids =
        requests.stream()
            .map(WorkloadRequest::requestId)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    int undecodable = requests.size() - ids.size();
    status.printf(
        "Sending %,d requests to %s (%,d new titles, %,d duplicates, %,d updates, %,d bad) ...%n",
        requests.size(), config.topics().requests(), titles, duplicates, updates, bad);
    status.flush();

    PrintWriter err = spec.commandLine().getErr();
    Answers answers;
    long started;
    try (AnswerCollector collector =
            new AnswerCollector(config.clientProperties(), config.topics());
        RequestSender sender =
            new RequestSender(config.clientProperties(), config.topics().requests())) {
      started = System.nanoTime();
      try (Progress progress = Progress.start(err, "sending", requests.size())) {
        sender.sendAll(requests, progress::update);
      }
      try (Progress progress = Progress.start(err, "answers", requests.size())) {
        answers =
            collector.collect(
                ids, undecodable, Duration.ofSeconds(timeoutSeconds), progress::update);
      }
    }
    double seconds = Math.max(0, answers.lastArrivalNanos() - started) / 1e9;
    HotTierMetrics.HitCounts hits = HotTierMetrics.totals(app.streams().metrics());
    boolean ok =
        workload.expectedCounts().equals(answers.countsByOutcome())
            && answers.duplicates() == 0
            && workload.expectedRejections().equals(answers.rejectionsByReason());
    HotTierMetrics.HitCounts redisHits =
        config.entryStore().kind() == AppConfig.EntryStore.Kind.redis
            ? RedisTierMetrics.totals(app.streams().metrics())
            : null;
    Summary summary = new Summary(workload, answers, seconds, hits, redisHits, ok);
    printer.print(summary.document(), summary::print);
    return ok ? 0 : 1;
  }

  /** What the demo found, as a table and as a document. */
  private record Summary(
      MixedWorkload workload,
      Answers answers,
      double seconds,
      HotTierMetrics.HitCounts hits,
      HotTierMetrics.@Nullable HitCounts redisHits,
      boolean ok) {

    List<RegistryEntry> samples() {
      return answers.entries().values().stream()
          .filter(e -> e.getOutcome() == Outcome.CREATED)
          .sorted(Comparator.comparing(RegistryEntry::getRequestId))
          .limit(3)
          .toList();
    }

    Optional<RegistryEntry> maskedSample() {
      return answers.entries().values().stream()
          .filter(e -> e.getConfig().contains("******"))
          .min(Comparator.comparing(RegistryEntry::getRequestId));
    }

    Optional<ConfigChange> change() {
      return answers.changes().stream().filter(c -> c.getRevisionFrom() > 0).findFirst();
    }

    double requestsPerSecond() {
      return answers.total() / Math.max(seconds, 1e-9);
    }

    Map<String, Object> document() {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("ok", ok);
      doc.put("requests", (long) workload.requests().size());
      doc.put("answered", (long) answers.total());
      doc.put("answeredTwice", (long) answers.duplicates());
      doc.put("expected", Printer.counts(workload.expectedCounts()));
      doc.put("outcomes", Printer.counts(answers.countsByOutcome()));
      doc.put("expectedDeadLetters", Printer.counts(workload.expectedRejections()));
      doc.put("deadLetters", Printer.counts(answers.rejectionsByReason()));
      doc.put("seconds", Printer.round(seconds));
      doc.put("requestsPerSecond", Printer.round(requestsPerSecond()));
      Map<String, Object> hotTier = new LinkedHashMap<>();
      hotTier.put("hits", hits.hits());
      hotTier.put("misses", hits.misses());
      hotTier.put("hitRate", Printer.round(hits.hitRate()));
      doc.put("hotTier", hotTier);
      Map<String, Object> redisTier = null;
      if (redisHits != null) {
        redisTier = new LinkedHashMap<>();
        redisTier.put("hits", redisHits.hits());
        redisTier.put("misses", redisHits.misses());
      }
      doc.put("redisTier", redisTier);
      List<Object> samples = new ArrayList<>();
      for (RegistryEntry e : samples()) {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("header", e.getHeader());
        sample.put("grepable", e.getGrepable());
        sample.put("title", e.getTitle());
        samples.add(sample);
      }
      doc.put("sampleEntries", samples);
      doc.put(
          "sampleConfig",
          maskedSample()
              .map(
                  e -> {
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("contentHash", e.getContentHash());
                    sample.put("config", YamlCodec.load(e.getConfig()));
                    return sample;
                  })
              .orElse(null));
      doc.put("sampleChange", change().map(Summary::changeDocument).orElse(null));
      return doc;
    }

    private static Map<String, Object> changeDocument(ConfigChange change) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("entryId", change.getEntryId());
      out.put("revisionFrom", (long) change.getRevisionFrom());
      out.put("revisionTo", (long) change.getRevisionTo());
      out.put("hashFrom", change.getHashFrom());
      out.put("hashTo", change.getHashTo());
      List<Object> paths = new ArrayList<>();
      for (PathChange path : change.getChanges()) {
        paths.add(
            Printer.pathChange(
                path.getOp(), path.getPath(), path.getOldValue(), path.getNewValue()));
      }
      out.put("changes", paths);
      return out;
    }

    void print(PrintWriter out) {
      Map<Expected, Integer> expected = workload.expectedCounts();
      Map<Expected, Integer> got = answers.countsByOutcome();
      out.println();
      out.println("Answers");
      out.printf("  %-10s %10s %10s%n", "outcome", "expected", "got");
      for (Expected outcome : Expected.values()) {
        out.printf("  %-10s %,10d %,10d%n", outcome, expected.get(outcome), got.get(outcome));
      }
      out.printf("  %-10s %,10d %,10d%n", "total", workload.requests().size(), answers.total());
      out.printf("  answered twice: %d%n", answers.duplicates());
      out.println();
      out.println("Dead letters by reason");
      workload
          .expectedRejections()
          .forEach(
              (reason, count) ->
                  out.printf(
                      "  %-24s expected %,5d  got %,5d%n",
                      reason, count, answers.rejectionsByReason().getOrDefault(reason, 0)));
      out.println();
      out.printf(
          "Throughput: %,d requests answered in %.2f s = %,.0f requests/s (end to end,"
              + " exactly_once_v2 unless set otherwise; a first run includes JIT warm-up)%n",
          answers.total(), seconds, requestsPerSecond());
      out.printf(
          "Hot tier: %,d hits, %,d misses, hit rate %.1f%%%n",
          hits.hits(), hits.misses(), 100 * hits.hitRate());
      if (redisHits != null) {
        out.printf(
            "Redis tier: %,d hits, %,d misses (lookups the hot tier passed on)%n",
            redisHits.hits(), redisHits.misses());
      }
      out.println();
      out.println("Sample entries");
      samples()
          .forEach(
              e -> out.printf("  %s%n  %s  %s%n", e.getHeader(), e.getGrepable(), e.getTitle()));
      maskedSample()
          .ifPresent(
              e -> {
                out.println();
                out.println(
                    "One config (secrets masked), content hash " + e.getContentHash() + ":");
                e.getConfig().lines().forEach(line -> out.println("  | " + line));
              });
      change().ifPresent(change -> printChange(out, change));
      out.println();
      out.println(
          ok
              ? "OK: every request got exactly the answer it should."
              : "FAILED: answers differ from what was expected.");
    }

    private static void printChange(PrintWriter out, ConfigChange change) {
      out.println();
      out.printf(
          "One change: %s revision %d -> %d (%s.. -> %s..)%n",
          change.getEntryId(),
          change.getRevisionFrom(),
          change.getRevisionTo(),
          change.getHashFrom().substring(0, 12),
          change.getHashTo().substring(0, 12));
      for (PathChange path : change.getChanges()) {
        out.printf(
            "  %-6s %-28s %s -> %s%n",
            path.getOp(), path.getPath(), path.getOldValue(), path.getNewValue());
      }
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
