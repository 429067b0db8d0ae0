package dev.registrystreams.cli;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.PathChange;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.Expected;
import dev.registrystreams.client.MixedWorkload;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.embedded.EmbeddedKafkaBroker;
import dev.registrystreams.store.HotTierMetrics;
import dev.registrystreams.topology.TopicNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
      "Exits 0 when every request got exactly the answer it should."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin StreamsOptions streams;

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
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "180",
      description = "How long to wait for every answer. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  @Override
  public Integer call() throws IOException {
    if (Stream.of(titles, duplicates, updates, bad).anyMatch(n -> n < 0) || titles < 1) {
      throw new UserException("--titles must be at least 1 and the other counts at least 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path stateDir = Files.createTempDirectory("registry-streams-demo-");
    streams.stateDir = stateDir;

    out.println("Starting an in-process Kafka broker and registry-streams ...");
    out.flush();
    try (EmbeddedKafkaBroker broker = EmbeddedBrokers.start(0)) {
      AppConfig config =
          streams.appConfig(
              broker.bootstrapServers(),
              AppConfig.DEFAULT_APPLICATION_ID,
              TopicNames.defaults(),
              Map.of());
      try (RegistryStreamsApp app = RegistryStreamsApp.start(config, streams.startupTimeout())) {
        return runWorkload(app, out);
      }
    } finally {
      deleteRecursively(stateDir);
    }
  }

  private int runWorkload(RegistryStreamsApp app, PrintWriter out) {
    AppConfig config = app.config();
    MixedWorkload workload =
        MixedWorkload.generate(
            new MixedWorkload.Shape(titles, duplicates, updates, bad, seed), "demo");
    Set<String> ids =
        workload.requests().stream()
            .map(WorkloadRequest::requestId)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    int undecodable = workload.requests().size() - ids.size();
    out.printf(
        "Sending %,d requests to %s (%,d new titles, %,d duplicates, %,d updates, %,d bad) ...%n",
        workload.requests().size(), config.topics().requests(), titles, duplicates, updates, bad);
    out.flush();

    Answers answers;
    long started;
    try (AnswerCollector collector =
            new AnswerCollector(config.clientProperties(), config.topics());
        RequestSender sender =
            new RequestSender(config.clientProperties(), config.topics().requests())) {
      started = System.nanoTime();
      sender.sendAll(workload.requests());
      answers = collector.collect(ids, undecodable, Duration.ofSeconds(timeoutSeconds));
    }
    double seconds = Math.max(0, answers.lastArrivalNanos() - started) / 1e9;
    boolean ok = printSummary(out, workload, answers, seconds, app);
    out.flush();
    return ok ? 0 : 1;
  }

  private boolean printSummary(
      PrintWriter out,
      MixedWorkload workload,
      Answers answers,
      double seconds,
      RegistryStreamsApp app) {
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
        "Throughput: %,d requests answered in %.2f s = %,.0f requests/s (end to end, exactly_once_v2"
            + " unless set otherwise; a first run includes JIT warm-up)%n",
        answers.total(), seconds, answers.total() / Math.max(seconds, 1e-9));
    HotTierMetrics.HitCounts hits = HotTierMetrics.totals(app.streams().metrics());
    out.printf(
        "Hot tier: %,d hits, %,d misses, hit rate %.1f%%%n",
        hits.hits(), hits.misses(), 100 * hits.hitRate());
    printSamples(out, answers);

    boolean ok =
        expected.equals(got)
            && answers.duplicates() == 0
            && workload.expectedRejections().equals(answers.rejectionsByReason());
    out.println();
    out.println(
        ok
            ? "OK: every request got exactly the answer it should."
            : "FAILED: answers differ from what was expected.");
    return ok;
  }

  private static void printSamples(PrintWriter out, Answers answers) {
    out.println();
    out.println("Sample entries");
    answers.entries().values().stream()
        .filter(e -> e.getOutcome() == Outcome.CREATED)
        .sorted(Comparator.comparing(RegistryEntry::getRequestId))
        .limit(3)
        .forEach(e -> out.printf("  %s%n  %s  %s%n", e.getHeader(), e.getGrepable(), e.getTitle()));
    answers.entries().values().stream()
        .filter(e -> e.getConfig().contains("******"))
        .min(Comparator.comparing(RegistryEntry::getRequestId))
        .ifPresent(
            e -> {
              out.println();
              out.println("One config (secrets masked), content hash " + e.getContentHash() + ":");
              e.getConfig().lines().forEach(line -> out.println("  | " + line));
            });
    answers.changes().stream()
        .filter(c -> c.getRevisionFrom() > 0)
        .findFirst()
        .ifPresent(change -> printChange(out, change));
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

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
