package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.registrystreams.LogCapture;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.client.Expected;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.embedded.TopicReader;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.ContextValues;
import dev.registrystreams.topology.TopicNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against real brokers: the one it starts itself, or none at all. */
class RegistryStreamsCliIT {

  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final Pattern BOOTSTRAP =
      Pattern.compile("bootstrap\\.servers=(127\\.0\\.0\\.1:\\d+)");
  private static final String RUNNING = "registry-streams is running: ";
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);

  @TempDir Path tmp;

  private static final Pattern DEMO_STATE =
      Pattern.compile(
          "Kafka Streams state: (.*registry-streams-demo-\\d+) \\(a temporary directory, removed"
              + " when demo ends\\)");

  @Test
  void runRefusesAnExplicitPartitionCountThatExistingTopicsDoNotHave() {
    String run = SharedKafkaBroker.uniqueTopic("cli-it-partitions");
    String requests = run + ".requests";
    String entries = run + ".entries";
    SharedKafkaBroker.createTopics(2, requests, entries);

    CliRun refused =
        CliRun.of(
            "run",
            "--bootstrap-servers",
            SharedKafkaBroker.bootstrapServers(),
            "--application-id",
            run + "-app",
            "--requests-topic",
            requests,
            "--entries-topic",
            entries,
            "--config-changes-topic",
            run + ".config-changes",
            "--rejected-topic",
            run + ".rejected",
            "--partitions",
            "3",
            "--state-dir",
            tmp.resolve("state").toString());

    refused.failsWithOneLine(1).hasNoStackTrace();
    assertThat(refused.errLines())
        .containsExactly(
            "error: topic "
                + requests
                + " has 2 partitions, topic "
                + entries
                + " has 2 partitions, not the 3 that --partitions asks for; the application never"
                + " changes the partitions of an existing topic: leave --partitions out to run with"
                + " the topics as they are");
    assertThat(refused.out()).doesNotContain(RUNNING);
  }

  @Test
  void runReportsAnUnreachableClusterOnOneLineWithinTheStartupTimeout() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + closedPort;

    CliRun run =
        CliRun.of(
            "run",
            "--bootstrap-servers",
            bootstrap,
            "--startup-timeout",
            "3",
            "--application-id",
            "cli-it-unreachable",
            "--state-dir",
            tmp.resolve("state").toString());

    run.failsWithOneLine(1).hasNoStackTrace();
    assertThat(run.errLines())
        .containsExactly("error: cannot reach Kafka at " + bootstrap + " within 3 s");
    assertThat(run.out()).doesNotContain(RUNNING);
  }

  @Test
  void demoAnswersEveryRequestAndPrintsTheSummary() {
    int titles = 300;
    int duplicates = 200;
    int updates = 100;
    int bad = 40;
    // The demo's own workload: same shape, the default seed (42) and run id ("demo").
    MixedWorkload workload =
        MixedWorkload.generate(
            new MixedWorkload.Shape(titles, duplicates, updates, bad, 42), "demo");
    Map<Expected, Integer> expected = workload.expectedCounts();
    assertThat(expected)
        .containsEntry(Expected.CREATED, titles)
        .containsEntry(Expected.UNCHANGED, duplicates)
        .containsEntry(Expected.UPDATED, updates)
        .containsEntry(Expected.REJECTED, bad);

    CliRun run =
        CliRun.of(
            "demo",
            "--titles",
            String.valueOf(titles),
            "--duplicates",
            String.valueOf(duplicates),
            "--updates",
            String.valueOf(updates),
            "--bad",
            String.valueOf(bad),
            "--timeout",
            "60");

    assertThat(run.exitCode())
        .as("exit code; stdout:%n%s%nstderr:%n%s", run.out(), run.err())
        .isZero();
    assertThat(run.err()).isEmpty();
    run.hasNoStackTrace();
    List<String> lines = run.out().lines().toList();
    for (Expected outcome : Expected.values()) {
      assertThat(lines)
          .contains(
              String.format(
                  "  %-10s %,10d %,10d", outcome, expected.get(outcome), expected.get(outcome)));
    }
    int total = workload.requests().size();
    assertThat(lines).contains(String.format("  %-10s %,10d %,10d", "total", total, total));
    assertThat(lines).contains("  answered twice: 0");
    assertThat(workload.expectedRejections().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(bad);
    workload
        .expectedRejections()
        .forEach(
            (reason, count) ->
                assertThat(lines)
                    .contains(
                        String.format("  %-24s expected %,5d  got %,5d", reason, count, count)));
    assertThat(lines).contains("OK: every request got exactly the answer it should.");
    assertThat(lines).noneMatch(line -> line.startsWith("FAILED"));
  }

  @Test
  void demoAsJsonPrintsItsSummaryAsOneDocumentOnStdout() {
    MixedWorkload workload =
        MixedWorkload.generate(new MixedWorkload.Shape(30, 10, 5, 5, 42), "demo");
    LogCapture logged = LogCapture.root().start();

    CliRun run;
    try {
      run =
          CliRun.of(
              "demo",
              "--titles",
              "30",
              "--duplicates",
              "10",
              "--updates",
              "5",
              "--bad",
              "5",
              "--timeout",
              "60",
              "--output",
              "json");
    } finally {
      logged.close();
    }

    assertThat(run.exitCode()).as("stderr:%n%s", run.err()).isZero();
    assertThat(run.errLines()).hasSize(3);
    assertThat(run.errLines().get(0))
        .isEqualTo("Starting an in-process Kafka broker and registry-streams ...");
    // The state directory, said once in the application's words, instead of Kafka's warning.
    Matcher state = DEMO_STATE.matcher(run.errLines().get(1));
    assertThat(state.matches()).as(run.errLines().get(1)).isTrue();
    assertThat(Path.of(state.group(1))).doesNotExist();
    assertThat(logged.messages()).noneMatch(line -> line.startsWith(TempStateDir.KAFKA_WARNING));
    assertThat(run.errLines().get(2))
        .isEqualTo(
            "Sending 50 requests to registry.requests (30 new titles, 10 duplicates, 5 updates, 5"
                + " bad) ...");
    Map<String, Object> doc = Documents.parse("json", run.out());
    assertThat(doc.keySet())
        .containsExactly(
            "ok",
            "requests",
            "answered",
            "answeredTwice",
            "expected",
            "outcomes",
            "expectedDeadLetters",
            "deadLetters",
            "seconds",
            "requestsPerSecond",
            "hotTier",
            "redisTier",
            "sampleEntries",
            "sampleConfig",
            "sampleChange");
    Map<String, Object> counts = Printer.counts(workload.expectedCounts());
    Map<String, Object> reasons = Printer.counts(workload.expectedRejections());
    assertThat(doc)
        .containsEntry("ok", true)
        .containsEntry("requests", 50L)
        .containsEntry("answered", 50L)
        .containsEntry("answeredTwice", 0L)
        .containsEntry("expected", counts)
        .containsEntry("outcomes", counts)
        .containsEntry("expectedDeadLetters", reasons)
        .containsEntry("deadLetters", reasons);
    assertThat(((Map<String, ?>) doc.get("hotTier")).keySet())
        .containsExactly("hits", "misses", "hitRate");
    assertThat(doc.get("redisTier")).isNull();
    assertThat((List<?>) doc.get("sampleEntries"))
        .hasSize(3)
        .allSatisfy(
            e ->
                assertThat(((Map<String, ?>) e).keySet())
                    .containsExactly("header", "grepable", "title"));
    @SuppressWarnings("unchecked")
    Map<String, Object> change = (Map<String, Object>) doc.get("sampleChange");
    assertThat(change.keySet())
        .containsExactly("entryId", "revisionFrom", "revisionTo", "hashFrom", "hashTo", "changes");
    assertThat((long) change.get("revisionTo")).isEqualTo((long) change.get("revisionFrom") + 1);
  }

  @Test
  void runEmbeddedAnswersARequestAndStopsCleanlyWhenInterrupted() throws Exception {
    String applicationId = "cli-it-run-" + UUID.randomUUID();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger exitCode = new AtomicInteger(-1);
    String[] args = {
      "run",
      "--embedded",
      "--embedded-port",
      "0",
      "--num-stream-threads",
      "2",
      "--application-id",
      applicationId,
      "--state-dir",
      tmp.resolve("state").toString()
    };
    Thread runner =
        new Thread(
            () ->
                exitCode.set(
                    RegistryStreamsCli.execute(
                        args, new PrintWriter(out, true), new PrintWriter(err, true))),
            "cli-it-run");
    runner.start();
    try {
      await("the running line")
          .atMost(STARTUP)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> out.toString().contains(RUNNING) || !runner.isAlive());
      assertThat(out.toString()).as("stdout; stderr: %s", err).contains(RUNNING);
      Matcher bootstrapLine = BOOTSTRAP.matcher(out.toString());
      assertThat(bootstrapLine.find()).as("bootstrap line in %s", out).isTrue();
      String bootstrap = bootstrapLine.group(1);
      int port = Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1));
      assertThat(port).isPositive();

      String requestId = "cli-it-" + UUID.randomUUID();
      send(bootstrap, requestId);
      RegistryEntry answer =
          await("the answer on " + TopicNames.DEFAULT_ENTRIES)
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(200))
              .until(() -> answerTo(bootstrap, requestId), Optional::isPresent)
              .orElseThrow();
      assertThat(answer.getOutcome()).isEqualTo(Outcome.CREATED);
      assertThat(answer.getRevision()).isEqualTo(1);
      assertThat(answer.getTitle()).isEqualTo("Key rotation for the CLI test");
      assertThat(answer.getHeader()).startsWith("[SEC][POLICY][PROD][SEC-POLICY-");

      runner.interrupt();
      runner.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(runner.isAlive()).as("run still running after the interrupt").isFalse();
      assertThat(exitCode.get()).as("exit code; stderr: %s", err).isZero();
      assertThat(err.toString()).isEmpty();
      assertThat(out.toString().lines()).last().isEqualTo("registry-streams stopped");
      // Cleanly means: the broker it started is gone and so are the stream threads.
      assertThat(isListening(port)).as("embedded broker still listening").isFalse();
      assertThat(Thread.getAllStackTraces().keySet())
          .noneMatch(thread -> thread.getName().contains(applicationId));
    } finally {
      if (runner.isAlive()) {
        runner.interrupt();
        runner.join(TimeUnit.SECONDS.toMillis(60));
      }
    }
  }

  /**
   * Ctrl-C for real: the packaged jar in a child JVM gets SIGTERM. The shutdown hook closes the
   * application and the broker; the JVM then exits with 143 (128 + SIGTERM), as every JVM does when
   * a signal started its shutdown: main's System.exit(0) waits behind the running hooks and the
   * signal's status wins.
   */
  @Test
  void packagedJarShutsDownCleanlyOnSigterm() throws Exception {
    Path jar = Path.of(System.getProperty("basedir", "."), "target", "registry-streams.jar");
    if (!Files.isRegularFile(jar)) {
      fail(
          jar.toAbsolutePath()
              + " does not exist: build it first (./mvnw -B -ntp -DskipTests package);"
              + " './mvnw verify' packages it before the integration tests run");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path stdout = tmp.resolve("stdout.txt");
    Path stderr = tmp.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-jar",
                jar.toString(),
                "run",
                "--embedded",
                "--embedded-port",
                "0",
                "--num-stream-threads",
                "2",
                "--application-id",
                "cli-it-sigterm",
                "--state-dir",
                tmp.resolve("state").toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      await("the running line")
          .atMost(STARTUP)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Files.readString(stdout).contains(RUNNING) || !process.isAlive());
      assertThat(Files.readString(stdout))
          .as("stdout; stderr:%n%s", Files.readString(stderr))
          .contains(RUNNING);

      process.destroy(); // SIGTERM
      assertThat(process.waitFor(30, TimeUnit.SECONDS))
          .as("exited within 30 s of SIGTERM")
          .isTrue();

      assertThat(process.exitValue()).as("exit code").isEqualTo(143);
      List<String> errLines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      assertThat(errLines).noneMatch(CliRun::isStackFrame);
      assertThat(errLines).noneMatch(line -> line.contains(" ERROR ") || line.startsWith("error:"));
      assertThat(errLines)
          .anyMatch(line -> line.contains("Kafka Streams PENDING_SHUTDOWN -> NOT_RUNNING"))
          .anyMatch(
              line -> line.contains("Embedded Kafka broker at ") && line.contains(" stopped"));
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static void send(String bootstrap, String requestId) {
    GenerationRequest request =
        GenerationRequest.newBuilder()
            .setRequestId(requestId)
            .setTitle("Key rotation for the CLI test")
            .setScope("SEC")
            .setType("POLICY")
            .setContext(ContextValues.toAvro(Map.of("env", "prod", "owner", "security")))
            .build();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              TopicNames.DEFAULT_REQUESTS,
              requestId.getBytes(StandardCharsets.UTF_8),
              REQUESTS.encode(request)));
      producer.flush();
    }
  }

  private static Optional<RegistryEntry> answerTo(String bootstrap, String requestId) {
    return TopicReader.committed(bootstrap, TopicNames.DEFAULT_ENTRIES).stream()
        .map(record -> ENTRIES.decode(record.value()))
        .filter(entry -> entry.getRequestId().equals(requestId))
        .findFirst();
  }

  private static boolean isListening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      throw new IllegalStateException("cannot tell whether port " + port + " is open", e);
    }
  }
}
