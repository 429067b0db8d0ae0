package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.load.LatencyLog;
import dev.registrystreams.load.RequestStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code bench} on the shared broker: small runs of every mode that must account for every request,
 * and the command lines it refuses before touching any cluster.
 */
class BenchCommandIT {

  /** An address nothing listens on: a refused command line must not get as far as using it. */
  private static final String NOWHERE = "127.0.0.1:1";

  /** A table row: topology, phase, answers, seconds, req/s, p50, p99, p99.9, max. */
  private static final Pattern ROW =
      Pattern.compile(
          "(full|skeleton|peer)\\s+(warm-up|measured)\\s+([\\d,]+)\\s+([\\d.]+)\\s+([\\d,]+)"
              + "(\\s+[\\d.]+){4}");

  private static final Pattern RATIO =
      Pattern.compile("full/skeleton throughput \\(measured\\): (\\d+\\.\\d{2})");
  private static final Pattern PEER_RATIO =
      Pattern.compile("full/peer throughput \\(measured\\): (\\d+\\.\\d{2})");
  private static final Pattern FULL_REQUESTS_TOPIC = Pattern.compile("bench-\\d+-full\\.requests");

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void throughputModeDrainsTheBacklogOfEveryTopologyWithoutLosingAnAnswer() throws Exception {
    String bootstrap = SharedKafkaBroker.bootstrapServers();
    Set<String> before = topics();

    CliRun run =
        CliRun.of(
            "bench",
            "--bootstrap-servers",
            bootstrap,
            "--requests",
            "2000",
            "--warmup-requests",
            "500",
            "--num-stream-threads",
            "1",
            "--partitions",
            "2",
            "--duplicates",
            "0.5",
            "--updates",
            "0.1");

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
    run.hasNoStackTrace();
    assertThat(run.err()).isEmpty();
    assertThat(run.outLines())
        .contains(
            "Workload: 40% new, 50% duplicates, 10% updates; Zipf 1.00 over existing titles;"
                + " ~200-byte contexts",
            "Load: a backlog of 500 warm-up and 2,000 measured requests, drained as fast as the"
                + " application goes (throughput; the latency of a backlog is queueing)",
            "Application: exactly_once_v2, 1 stream threads, 2 partitions, profile balanced;"
                + " Kafka at "
                + bootstrap)
        .containsSubsequence("Running full ...", "Running skeleton ...", "Running peer ...")
        .noneMatch(line -> line.startsWith("warning:"));

    // The peer answers each identity once: the same stream's repeats get no answer.
    RequestStream stream =
        new RequestStream(new RequestStream.Shape(0.5, 0.1, 1.0, 200, 42), "count");
    for (int i = 0; i < 500; i++) {
      stream.next();
    }
    long warmupRepeats = stream.repeats();
    for (int i = 0; i < 2_000; i++) {
      stream.next();
    }
    long measuredRepeats = stream.repeats() - warmupRepeats;
    assertThat(warmupRepeats).isPositive();
    Map<String, Long> answers = answersByRow(run);
    assertThat(answers)
        .containsExactly(
            Map.entry("full warm-up", 500L),
            Map.entry("full measured", 2_000L),
            Map.entry("skeleton warm-up", 500L),
            Map.entry("skeleton measured", 2_000L),
            Map.entry("peer warm-up", 500L - warmupRepeats),
            Map.entry("peer measured", 2_000L - measuredRepeats));
    assertThat(run.outLines())
        .contains(
            "peer: answers are the first requests of each identity ("
                + String.format("%,d", measuredRepeats)
                + " measured repeats dropped); req/s counts every request drained");
    assertThat(run.outLines().stream().filter(line -> PEER_RATIO.matcher(line).matches()))
        .hasSize(1);

    List<Double> ratios =
        run.outLines().stream()
            .map(RATIO::matcher)
            .filter(Matcher::matches)
            .map(m -> Double.parseDouble(m.group(1)))
            .toList();
    assertThat(ratios).hasSize(1);
    assertThat(ratios.get(0)).isPositive();

    // What the table accounts for is what was written: the backlog, nothing more.
    assertThat(recordsOn(newFullRequestsTopic(before))).isEqualTo(2_500L);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void latencyModeAnswersEveryRequestSentAtTheRate(@TempDir Path tmp) throws Exception {
    String bootstrap = SharedKafkaBroker.bootstrapServers();
    Set<String> before = topics();
    Path logs = tmp.resolve("latency");

    CliRun run =
        CliRun.of(
            "bench",
            "--bootstrap-servers",
            bootstrap,
            "--rate",
            "200",
            "--warmup",
            "1",
            "--duration",
            "2",
            "--modes",
            "full",
            "--num-stream-threads",
            "1",
            "--partitions",
            "2",
            "--latency-log",
            logs.toString());

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
    run.hasNoStackTrace();
    assertThat(run.err()).isEmpty();
    assertThat(run.outLines())
        .contains(
            "Load: 200 requests/s (sent unbatched, linger.ms=0) for 1 s warm-up, then 2 s"
                + " measured; latency from send to answer")
        .noneMatch(line -> line.startsWith("warning:"))
        .noneMatch(line -> line.startsWith("Running skeleton"))
        .noneMatch(line -> RATIO.matcher(line).matches());

    Map<String, Long> answers = answersByRow(run);
    assertThat(answers).containsOnlyKeys("full warm-up", "full measured");
    // A paced sender sends at most rate x seconds: each send is due before the phase ends.
    assertThat(answers.get("full warm-up")).isBetween(1L, 200L);
    assertThat(answers.get("full measured")).isBetween(1L, 400L);
    assertThat(answers.get("full warm-up") + answers.get("full measured"))
        .as("answers, against the requests on the requests topic")
        .isEqualTo(recordsOn(newFullRequestsTopic(before)));

    assertThat(logs).isDirectoryContaining("glob:**/full.hlog");
    Map<String, Long> logged = answersByTag(logs.resolve("full.hlog"));
    assertThat(logged)
        .as("answers in the latency log, by phase")
        .containsOnly(
            Map.entry(LatencyLog.WARMUP, answers.get("full warm-up")),
            Map.entry(LatencyLog.MEASURED, answers.get("full measured")));
  }

  @Test
  void aLatencyLogThatCannotBeADirectoryIsRefused(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("taken"), "a file");

    CliRun run =
        CliRun.of("bench", "--latency-log", file.toString(), "--bootstrap-servers", NOWHERE);

    run.failsWithOneLine(RegistryStreamsCli.USAGE).hasNoStackTrace();
    assertThat(run.errLines())
        .containsExactly(
            "error: --latency-log: cannot create directory "
                + file
                + " (FileAlreadyExistsException) (see 'registry-streams bench --help')");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void brokerConfigIsRefusedWithAnExistingCluster() {
    CliRun run =
        CliRun.of(
            "bench",
            "--broker-config",
            "log.segment.bytes=1",
            "--bootstrap-servers",
            NOWHERE,
            "--startup-timeout",
            "5");

    run.failsWithOneLine(RegistryStreamsCli.USAGE).hasNoStackTrace();
    assertThat(run.errLines())
        .containsExactly(
            "error: --broker-config applies to the in-process broker only"
                + " (see 'registry-streams bench --help')");
    assertThat(run.out()).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--duplicates | 1.5 | error: --duplicates, --updates, --zipf, --context-bytes: duplicates"
            + " and updates must be at least 0 and add up to less than 1",
        "--updates | -0.1 | error: --duplicates, --updates, --zipf, --context-bytes: duplicates"
            + " and updates must be at least 0 and add up to less than 1",
        "--zipf | Infinity | error: --duplicates, --updates, --zipf, --context-bytes: the Zipf"
            + " exponent must be a finite number of at least 0",
        "--duration | 0 | error: --warmup must be at least 0, --duration at least 1 and --rate at"
            + " least 0",
        "--warmup | -1 | error: --warmup must be at least 0, --duration at least 1 and --rate at"
            + " least 0",
        "--rate | -5 | error: --warmup must be at least 0, --duration at least 1 and --rate at"
            + " least 0",
      })
  void anImpossibleWorkloadIsRefusedOnOneLine(String option, String value, String error) {
    CliRun run =
        CliRun.of("bench", option, value, "--bootstrap-servers", NOWHERE, "--startup-timeout", "5");

    run.failsWithOneLine(RegistryStreamsCli.USAGE).hasNoStackTrace();
    assertThat(run.errLines()).containsExactly(error + " (see 'registry-streams bench --help')");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anUnknownModeIsAUsageError() {
    CliRun run = CliRun.of("bench", "--modes", "full,nope", "--bootstrap-servers", NOWHERE);

    run.failsWithOneLine(RegistryStreamsCli.USAGE).hasNoStackTrace();
    assertThat(run.err()).contains("nope").contains("registry-streams bench --help");
    assertThat(run.out()).isEmpty();
  }

  /**
   * Answers per tag in an interval log, checking that every interval is at most a second long and
   * follows the one before.
   */
  private static Map<String, Long> answersByTag(Path log) throws Exception {
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, Double> lastEnd = new LinkedHashMap<>();
    try (HistogramLogReader reader = new HistogramLogReader(log.toFile())) {
      for (EncodableHistogram h = reader.nextIntervalHistogram();
          h != null;
          h = reader.nextIntervalHistogram()) {
        Histogram interval = (Histogram) h;
        double start = interval.getStartTimeStamp() / 1000.0;
        double end = interval.getEndTimeStamp() / 1000.0;
        assertThat(end - start).as("interval length, s").isBetween(0.0, 1.001);
        assertThat(start)
            .as("start of a %s interval", interval.getTag())
            .isGreaterThanOrEqualTo(lastEnd.getOrDefault(interval.getTag(), 0.0) - 0.001);
        lastEnd.put(interval.getTag(), end);
        counts.merge(interval.getTag(), interval.getTotalCount(), Long::sum);
      }
    }
    return counts;
  }

  /** Answers per row of the table, keyed "topology phase", in the table's order. */
  private static Map<String, Long> answersByRow(CliRun run) {
    Map<String, Long> answers = new LinkedHashMap<>();
    for (String line : run.outLines()) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        answers.put(m.group(1) + " " + m.group(2), Long.parseLong(m.group(3).replace(",", "")));
      }
    }
    return answers;
  }

  private static Set<String> topics() throws Exception {
    try (Admin admin = SharedKafkaBroker.admin()) {
      return new HashSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
    }
  }

  /** The requests topic of the full topology that the run just made. */
  private static String newFullRequestsTopic(Set<String> before) throws Exception {
    Set<String> made =
        topics().stream()
            .filter(name -> !before.contains(name))
            .filter(name -> FULL_REQUESTS_TOPIC.matcher(name).matches())
            .collect(Collectors.toSet());
    assertThat(made).as("requests topics the run made").hasSize(1);
    return made.iterator().next();
  }

  /** Records on a topic that only a plain producer wrote to: the sum of its end offsets. */
  private static long recordsOn(String topic) throws Exception {
    try (Admin admin = SharedKafkaBroker.admin()) {
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      Map<TopicPartition, OffsetSpec> latest =
          description.partitions().stream()
              .collect(
                  Collectors.toMap(
                      p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
          .mapToLong(info -> info.offset())
          .sum();
    }
  }
}
