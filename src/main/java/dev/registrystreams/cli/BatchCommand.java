package dev.registrystreams.cli;

import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.Expected;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.load.MixedWorkload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code batch}: many requests, every answer, a summary. */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Sends many generation requests to a running registry-streams, waits for every answer and"
          + " prints a summary: answers per outcome, dead letters per reason, requests answered"
          + " twice, throughput.",
      "Requests come from a JSON Lines file (--file) or a generated mixed workload (--count).",
      "Exit codes: 0 every request answered (and, with --count, as the workload expects), 1"
          + " otherwise, 2 a command-line or file mistake (nothing is sent)."
    })
final class BatchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  static final class Source {
    @Option(
        names = "--file",
        paramLabel = "FILE",
        description =
            "JSON Lines, one request per line: {\"requestId\":..,\"title\":..,\"scope\":..,"
                + "\"type\":..,\"context\":{..},\"version\":..,\"status\":..}; requestId, context,"
                + " version and status are optional.")
    @Nullable Path file;

    @Option(
        names = "--count",
        paramLabel = "N",
        description = "Generate a mixed workload of N requests (new titles and the ratios below).")
    @Nullable Integer count;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--duplicates",
      paramLabel = "RATIO",
      defaultValue = "0.2",
      description = "With --count: share of exact repeats (UNCHANGED). Default: ${DEFAULT-VALUE}.")
  double duplicates;

  @Option(
      names = "--updates",
      paramLabel = "RATIO",
      defaultValue = "0.1",
      description = "With --count: share of changed contexts (UPDATED). Default: ${DEFAULT-VALUE}.")
  double updates;

  @Option(
      names = "--bad",
      paramLabel = "RATIO",
      defaultValue = "0",
      description = "With --count: share of bad records (dead letters). Default: ${DEFAULT-VALUE}.")
  double bad;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "With --count: workload seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description = "How long to wait for every answer. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Mixin KafkaOptions kafka;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    ClientConnection connection = ClientConnection.of(kafka, spec);
    String runId = "batch-" + UUID.randomUUID().toString().substring(0, 8);
    Integer count = source.count;
    MixedWorkload workload = count != null ? workload(count, runId) : null;
    // The group takes exactly one of --file and --count: without --count there is a --file.
    List<WorkloadRequest> requests =
        workload != null
            ? workload.requests()
            : readFile(Objects.requireNonNull(source.file, "--file"), runId);
    if (requests.isEmpty()) {
      throw new UserException(source.file + " has no requests", 2);
    }

    long[] sentNanos = new long[2];
    Answers answers = sendAndCollect(connection, requests, sentNanos);

    double sendSeconds = (sentNanos[1] - sentNanos[0]) / 1e9;
    double seconds = Math.max(0, answers.lastArrivalNanos() - sentNanos[0]) / 1e9;
    print(requests.size(), workload, answers, sendSeconds, seconds, connection);
    failUnlessAnsweredAsExpected(requests.size(), workload, answers, connection);
    return 0;
  }

  /**
   * Sends every request and waits for their answers. The collector reads from the end of the
   * answers topic and is in place before the first request goes out, so that no answer is missed.
   *
   * @param sentNanos receives {@link System#nanoTime()} when sending starts and when it ends
   */
  private Answers sendAndCollect(
      ClientConnection connection, List<WorkloadRequest> requests, long[] sentNanos) {
    Set<String> ids =
        requests.stream()
            .map(WorkloadRequest::requestId)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    int unidentified = requests.size() - ids.size();
    PrintWriter err = spec.commandLine().getErr();
    return connection.call(
        () -> {
          try (AnswerCollector collector =
              new AnswerCollector(
                  connection.properties(),
                  connection.topics(),
                  AnswerCollector.StartAt.END,
                  timeout)) {
            collector.requireTopic(connection.topics().requests(), timeout);
            sentNanos[0] = System.nanoTime();
            try (RequestSender sender =
                    new RequestSender(connection.properties(), connection.topics().requests());
                Progress progress = Progress.start(err, "sending", requests.size())) {
              sender.sendAll(requests, progress::update);
            } catch (IllegalStateException e) {
              throw new UserException(e.getMessage());
            }
            sentNanos[1] = System.nanoTime();
            try (Progress progress = Progress.start(err, "answers", requests.size())) {
              return collector.collect(ids, unidentified, timeout, progress::update);
            }
          }
        });
  }

  /** Exit code 1 for missing answers, and with --count for answers the workload does not expect. */
  private void failUnlessAnsweredAsExpected(
      int total, @Nullable MixedWorkload workload, Answers answers, ClientConnection connection) {
    int missing = total - answers.total();
    boolean asExpected =
        workload == null
            || (workload.expectedCounts().equals(answers.countsByOutcome())
                && workload.expectedRejections().equals(answers.rejectionsByReason())
                && answers.duplicates() == 0);
    if (missing > 0) {
      throw new UserException(
          String.format(
              Locale.ROOT,
              "%,d of %,d requests got no answer within %s; is registry-streams running against"
                  + " %s?",
              missing,
              total,
              DurationConverter.format(timeout),
              connection.bootstrapServers()));
    }
    if (!asExpected) {
      throw new UserException("the answers differ from what the workload expects (see above)");
    }
  }

  private MixedWorkload workload(int n, String runId) {
    if (n < 1) {
      throw new UserException("--count must be at least 1", 2);
    }
    for (double ratio : new double[] {duplicates, updates, bad}) {
      if (!(ratio >= 0 && ratio <= 1)) {
        throw new UserException("--duplicates, --updates and --bad must be between 0 and 1", 2);
      }
    }
    int dup = (int) Math.round(n * duplicates);
    int upd = (int) Math.round(n * updates);
    int badCount = (int) Math.round(n * bad);
    int titles = n - dup - upd - badCount;
    if (titles < 1) {
      throw new UserException(
          "--duplicates, --updates and --bad leave no new titles in --count " + n, 2);
    }
    return MixedWorkload.generate(new MixedWorkload.Shape(titles, dup, upd, badCount, seed), runId);
  }

  private static List<WorkloadRequest> readFile(Path file, String runId) {
    return JsonlRequests.parse(InputFiles.read(file, "--file"), file.toString(), runId);
  }

  private void print(
      int total,
      @Nullable MixedWorkload workload,
      Answers answers,
      double sendSeconds,
      double seconds,
      ClientConnection connection) {
    Map<Expected, Integer> got = answers.countsByOutcome();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("requests", (long) total);
    doc.put("answered", (long) answers.total());
    doc.put("unanswered", (long) (total - answers.total()));
    doc.put("answeredTwice", (long) answers.duplicates());
    doc.put("outcomes", Printer.counts(got));
    if (workload != null) {
      doc.put("expected", Printer.counts(workload.expectedCounts()));
    }
    doc.put("deadLetters", Printer.counts(answers.rejectionsByReason()));
    doc.put("sendSeconds", Printer.round(sendSeconds));
    doc.put("seconds", Printer.round(seconds));
    doc.put("requestsPerSecond", Printer.round(answers.total() / Math.max(seconds, 1e-9)));

    output
        .printer(spec.commandLine().getOut())
        .print(
            doc,
            out -> {
              out.printf(
                  Locale.ROOT,
                  "Sent %,d requests to %s in %.2f s%n",
                  total,
                  connection.topics().requests(),
                  sendSeconds);
              out.println();
              outcomeTable(total, workload, got, answers).print(out);
              out.println();
              printDeadLetters(out, answers);
              out.println();
              out.printf(Locale.ROOT, "Answered twice: %,d%n", answers.duplicates());
              out.printf(Locale.ROOT, "Unanswered: %,d%n", total - answers.total());
              out.printf(
                  Locale.ROOT,
                  "Throughput: %,d answers in %.2f s = %,.0f requests/s (send to last answer)%n",
                  answers.total(),
                  seconds,
                  answers.total() / Math.max(seconds, 1e-9));
            });
  }

  /** Answers per outcome and in total, beside what the workload expects when it is generated. */
  private static Table outcomeTable(
      int total, @Nullable MixedWorkload workload, Map<Expected, Integer> got, Answers answers) {
    Table table =
        workload == null
            ? new Table("OUTCOME", "COUNT")
            : new Table("OUTCOME", "EXPECTED", "COUNT");
    for (Expected outcome : Expected.values()) {
      if (workload == null) {
        table.row(outcome, String.format(Locale.ROOT, "%,d", got.get(outcome)));
      } else {
        table.row(
            outcome,
            String.format(Locale.ROOT, "%,d", workload.expectedCounts().get(outcome)),
            String.format(Locale.ROOT, "%,d", got.get(outcome)));
      }
    }
    String answered = String.format(Locale.ROOT, "%,d", answers.total());
    if (workload == null) {
      table.row("total", answered);
    } else {
      table.row("total", String.format(Locale.ROOT, "%,d", total), answered);
    }
    return table;
  }

  private static void printDeadLetters(PrintWriter out, Answers answers) {
    if (answers.rejectionsByReason().isEmpty()) {
      out.println("Dead letters: none");
    } else {
      Table letters = new Table("DEAD LETTER REASON", "COUNT");
      answers
          .rejectionsByReason()
          .forEach((r, n) -> letters.row(r, String.format(Locale.ROOT, "%,d", n)));
      letters.print(out);
    }
  }
}
