package dev.registrystreams.cli;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.app.TopicProvisioner;
import dev.registrystreams.embedded.EmbeddedKafkaBroker;
import dev.registrystreams.load.LatencyCollector;
import dev.registrystreams.load.LatencyLog;
import dev.registrystreams.load.PacedSender;
import dev.registrystreams.load.PeerTopology;
import dev.registrystreams.load.RequestStream;
import dev.registrystreams.load.SkeletonTopology;
import dev.registrystreams.topology.ForwardedHeaders;
import dev.registrystreams.topology.TopicNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: drives the application with a described workload and measures end-to-end
 * throughput and latency, then the same for a skeleton topology with the same hops but none of the
 * application's work, so the table shows what the application itself costs, and for the
 * deduplication topology a Kafka Streams user would write instead (the peer).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures end-to-end throughput and latency (send to answer, HdrHistogram) after a warm-up,"
          + " for the full topology and for a skeleton with the same topics and hops but no"
          + " validation, generation or hashing, and for a peer: the deduplication a Kafka Streams"
          + " user would write instead (a persistent store keyed by the request's identity,"
          + " repeats dropped); prints a table and the ratios full/skeleton and full/peer.",
      "Runs on an in-process broker unless --bootstrap-servers is given."
    })
final class BenchCommand implements Callable<Integer> {

  /** How the load reaches the application: Kafka records, or generation over HTTP. */
  enum Via {
    kafka,
    http
  }

  /** What to run: the application, the skeleton, the peer, or several in one run. */
  enum Mode {
    full,
    skeleton,
    peer
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin StreamsOptions streams;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "${env:REGISTRY_STREAMS_BOOTSTRAP_SERVERS}",
      description =
          "An existing cluster; default: an in-process broker. Env: REGISTRY_STREAMS_BOOTSTRAP_SERVERS.")
  @Nullable String bootstrapServers;

  /** Kafka properties for the application and the load. */
  @Mixin KafkaConfigOptions kafka;

  /**
   * Kafka's own segment size rather than the development broker's 8 MiB: under a benchmark's load
   * small segments roll every few seconds, and every roll of a compacted topic (the entries, the
   * changelog) sets the broker's log cleaner to work on the cores being measured.
   */
  private static final Map<String, String> BENCH_BROKER_DEFAULTS =
      Map.of("log.segment.bytes", Integer.toString(1 << 30));

  @Option(
      names = "--broker-config",
      paramLabel = "KEY=VALUE",
      split = ",",
      description =
          "A server property of the in-process broker; repeatable. Default:"
              + " log.segment.bytes=1073741824 (Kafka's default).")
  Map<String, String> brokerConfig = new LinkedHashMap<>();

  @Option(
      names = "--modes",
      split = ",",
      defaultValue = "full,skeleton,peer",
      description =
          "${COMPLETION-CANDIDATES}, comma-separated, run in that order. Default: ${DEFAULT-VALUE}.")
  List<Mode> modes;

  @Option(
      names = "--via",
      defaultValue = "kafka",
      description =
          "kafka: records on the requests topic, answers read from the entries topic (--modes)."
              + " http: POST /requests at --rate (needed), misses then hits, beside the same"
              + " workloads through a Kafka request/reply client (one producer, one answer"
              + " consumer); latency percentiles of each. Default: ${DEFAULT-VALUE}.")
  Via via;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      defaultValue = "15",
      description =
          "With --rate: warm-up before measuring (reported apart). Default: ${DEFAULT-VALUE}.")
  int warmupSeconds;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "With --rate: measured sending time. Default: ${DEFAULT-VALUE}.")
  int durationSeconds;

  @Option(
      names = "--requests",
      paramLabel = "N",
      defaultValue = "1000000",
      description =
          "With --rate 0: measured requests, written to the requests topic before the application"
              + " starts and drained by it. Default: ${DEFAULT-VALUE}.")
  long requestCount;

  @Option(
      names = "--warmup-requests",
      paramLabel = "N",
      defaultValue = "300000",
      description =
          "With --rate 0: requests drained before measuring (reported apart)."
              + " Default: ${DEFAULT-VALUE}.")
  long warmupRequests;

  @Option(
      names = "--rate",
      paramLabel = "REQUESTS_PER_SECOND",
      defaultValue = "0",
      description =
          "Send rate, for latency: requests are sent for --warmup then --duration seconds while the"
              + " application runs. 0 measures throughput instead: a backlog of --warmup-requests"
              + " and --requests is drained. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(
      names = "--duplicates",
      paramLabel = "SHARE",
      defaultValue = "0.3",
      description = "Share of exact repeats. Default: ${DEFAULT-VALUE}.")
  double duplicates;

  @Option(
      names = "--updates",
      paramLabel = "SHARE",
      defaultValue = "0.1",
      description = "Share of changed contexts. Default: ${DEFAULT-VALUE}.")
  double updates;

  @Option(
      names = "--zipf",
      paramLabel = "EXPONENT",
      defaultValue = "1.0",
      description =
          "Skew of the titles that repeats and changes hit; 0 is uniform. Default: ${DEFAULT-VALUE}.")
  double zipf;

  @Option(
      names = "--context-bytes",
      paramLabel = "N",
      defaultValue = "200",
      description = "Approximate context size per request. Default: ${DEFAULT-VALUE}.")
  int contextBytes;

  @Option(
      names = "--latency-log",
      paramLabel = "DIR",
      description =
          "Also writes every answer's latency as an HdrHistogram interval log, DIR/<topology>.hlog:"
              + " per second of arrival, a histogram (microseconds) for each phase, tagged warm-up"
              + " or measured; when, not only how long, the tail was.")
  @Nullable Path latencyLogDir;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Workload seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    RequestStream.Shape shape = checkOptions();
    PrintWriter out = spec.commandLine().getOut();
    EmbeddedKafkaBroker broker = null;
    // One directory for every run: each application id has its own folder in it.
    try (TempStateDir state = TempStateDir.create("bench")) {
      streams.stateDir = state.path();
      String servers = bootstrapServers;
      if (servers == null) {
        broker = EmbeddedBrokers.start(0, brokerProperties());
        servers = broker.bootstrapServers();
      }
      out.println(state.notice());
      if (via == Via.http) {
        return runHttp(out, servers);
      }
      printWorkload(out, shape, servers);
      List<Row> rows = new ArrayList<>();
      long runId = System.currentTimeMillis();
      for (Mode mode : modes) {
        out.printf("Running %s ...%n", mode);
        out.flush();
        rows.addAll(runOnce(out, mode, servers, shape, runId, state));
      }
      printTable(out, rows);
      return 0;
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  /**
   * Every application option and Kafka property is checked before a directory is made or a broker
   * started.
   *
   * @return the workload's shape
   */
  private RequestStream.Shape checkOptions() {
    RequestStream.Shape shape;
    try {
      shape = new RequestStream.Shape(duplicates, updates, zipf, contextBytes, seed);
    } catch (IllegalArgumentException e) {
      throw usage("--duplicates, --updates, --zipf, --context-bytes: " + e.getMessage());
    }
    if (warmupSeconds < 0 || durationSeconds < 1 || rate < 0) {
      throw usage("--warmup must be at least 0, --duration at least 1 and --rate at least 0");
    }
    if (bootstrapServers != null && !brokerConfig.isEmpty()) {
      throw usage("--broker-config applies to the in-process broker only");
    }
    // Built for its checks only; each run builds its own.
    streams.appConfig("127.0.0.1:0", "bench", TopicNames.defaults(), kafka.kafkaProperties());
    if (latencyLogDir != null) {
      createLatencyLogDir();
    }
    if (via == Via.http && rate <= 0) {
      throw usage("--via http needs --rate (requests per second)");
    }
    return shape;
  }

  private void createLatencyLogDir() {
    try {
      Files.createDirectories(latencyLogDir);
    } catch (IOException e) {
      throw usage(
          "--latency-log: cannot create directory "
              + latencyLogDir
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
    // Checked now rather than after a run's worth of measuring.
    if (!Files.isWritable(latencyLogDir)) {
      throw usage("--latency-log: cannot write to directory " + latencyLogDir);
    }
  }

  private List<Row> runOnce(
      PrintWriter out,
      Mode mode,
      String servers,
      RequestStream.Shape shape,
      long runId,
      TempStateDir state)
      throws IOException, InterruptedException {
    String prefix = "bench-" + runId + "-" + mode;
    TopicNames topics = topicsOf(prefix);
    Map<String, String> properties = new LinkedHashMap<>(kafka.kafkaProperties());
    // Latency is measured from the send time each request carries in a header to its answer.
    properties.put(ForwardedHeaders.CONFIG, PacedSender.SENT_NANOS_HEADER);
    AppConfig config = streams.appConfig(servers, prefix, topics, properties);
    try (Admin admin = Admin.create(config.clientProperties())) {
      new TopicProvisioner(admin, streams.startupTimeout().toMillis()).ensureTopics(config);
    }
    PrintWriter err = spec.commandLine().getErr();
    RegistryStreamsApp app = null;
    try (LatencyLog log =
            latencyLogDir == null ? null : new LatencyLog(latencyLogDir.resolve(mode + ".hlog"));
        LatencyCollector collector =
            new LatencyCollector(config.clientProperties(), topics.entries(), log);
        PacedSender sender = new PacedSender(loadProperties(config), topics.requests())) {
      RequestStream requests = new RequestStream(shape, prefix);
      Sent sent;
      if (rate == 0) {
        // The backlog first, then the application drains it: a producer running flat out in
        // this JVM would take the cores the application is measured on.
        sent = sendBacklog(err, sender, requests, collector);
        app = start(mode, config, topics);
      } else {
        app = start(mode, config, topics);
        sent = sendAtRate(err, sender, requests, collector);
      }
      return awaitRows(out, mode, collector, requests, sent);
    } finally {
      if (app != null) {
        app.close();
      }
      // The next run's stores get the disk space back.
      state.removeApplication(prefix);
    }
  }

  /**
   * What a run sent.
   *
   * @param total the requests sent in all
   * @param warmup those of them sent in the warm-up
   * @param warmupRepeats the repeats among the warm-up's
   */
  private record Sent(long total, long warmup, long warmupRepeats) {}

  private Sent sendBacklog(
      PrintWriter err, PacedSender sender, RequestStream requests, LatencyCollector collector) {
    try (Progress bar = Progress.start(err, "writing requests", warmupRequests + requestCount)) {
      long sent = sender.sendCount(requests, warmupRequests);
      long warmupSent = sent;
      long warmupRepeats = requests.repeats();
      collector.startMeasuring();
      sent += sender.sendCount(requests, requestCount);
      return new Sent(sent, warmupSent, warmupRepeats);
    }
  }

  private Sent sendAtRate(
      PrintWriter err, PacedSender sender, RequestStream requests, LatencyCollector collector) {
    long sent;
    try (Progress.Phase bar = Progress.during(err, "warm-up", Duration.ofSeconds(warmupSeconds))) {
      sent = sender.send(requests, Duration.ofSeconds(warmupSeconds), rate);
    }
    long warmupSent = sent;
    long warmupRepeats = requests.repeats();
    collector.startMeasuring();
    try (Progress.Phase bar =
        Progress.during(err, "measuring", Duration.ofSeconds(durationSeconds))) {
      sent += sender.send(requests, Duration.ofSeconds(durationSeconds), rate);
    }
    return new Sent(sent, warmupSent, warmupRepeats);
  }

  /** Waits for the answers to what was sent, then the warm-up's row and the measured one. */
  private static List<Row> awaitRows(
      PrintWriter out, Mode mode, LatencyCollector collector, RequestStream requests, Sent sent)
      throws InterruptedException {
    // The peer answers only the first request of an identity: a repeat gets no record.
    boolean dropsRepeats = mode == Mode.peer;
    long expected = dropsRepeats ? sent.total() - requests.repeats() : sent.total();
    if (!collector.awaitAnswers(expected, Duration.ofMinutes(10))) {
      out.printf("warning: %s did not answer every request within 600 s%n", mode);
    }
    long measuredSent = sent.total() - sent.warmup();
    long measuredRepeats = requests.repeats() - sent.warmupRepeats();
    return List.of(
        new Row(
            mode,
            "warm-up",
            collector.warmup(),
            sent.warmup(),
            dropsRepeats ? sent.warmupRepeats() : 0),
        new Row(
            mode,
            "measured",
            collector.measured(),
            measuredSent,
            dropsRepeats ? measuredRepeats : 0));
  }

  /** A run's own topics, so that no run reads another's records. */
  private static TopicNames topicsOf(String prefix) {
    return new TopicNames(
        prefix + ".requests",
        prefix + ".entries",
        prefix + ".config-changes",
        prefix + ".rejected");
  }

  private int runHttp(PrintWriter out, String servers) throws IOException, InterruptedException {
    String prefix = "bench-" + System.currentTimeMillis() + "-http";
    TopicNames topics = topicsOf(prefix);
    AppConfig config = streams.appConfig(servers, prefix, topics, kafka.kafkaProperties());
    out.printf(
        "Load: %.0f requests/s for %d s warm-up, then %d s measured, per workload; latency from"
            + " each request's scheduled send to its answer%n"
            + "Workloads: kafka miss/hit (a request/reply client: one producer, one read-committed"
            + " answer consumer), http miss/hit (POST /requests; hits answered from the store)%n"
            + "Application: %s, %d stream threads, %d partitions, profile %s; Kafka at %s%s%n"
            + "Machine: %d cores, Java %s%n",
        rate,
        warmupSeconds,
        durationSeconds,
        streams.processingGuarantee,
        streams.numStreamThreads,
        streams.partitionCount(),
        streams.profile,
        servers,
        bootstrapServers == null ? " (in-process broker)" : "",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    List<HttpBench.Row> rows =
        new HttpBench(
                config,
                streams.startupTimeout(),
                rate,
                Duration.ofSeconds(warmupSeconds),
                Duration.ofSeconds(durationSeconds),
                out)
            .run();
    HttpBench.printTable(out, rows);
    return 0;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private Map<String, String> brokerProperties() {
    Map<String, String> properties = new LinkedHashMap<>(BENCH_BROKER_DEFAULTS);
    properties.putAll(brokerConfig);
    return properties;
  }

  /** The load producer's settings: unbatched at a rate, where its linger would count as latency. */
  private Properties loadProperties(AppConfig config) {
    Properties properties = config.clientProperties();
    if (rate > 0) {
      properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
    }
    return properties;
  }

  private RegistryStreamsApp start(Mode mode, AppConfig config, TopicNames topics) {
    return switch (mode) {
      case full -> RegistryStreamsApp.start(config, streams.startupTimeout());
      case skeleton ->
          RegistryStreamsApp.start(
              config,
              durable -> new SkeletonTopology(topics, config.hotTier(), durable).build(),
              streams.startupTimeout());
      case peer ->
          RegistryStreamsApp.start(
              config, durable -> new PeerTopology(topics).build(), streams.startupTimeout());
    };
  }

  private void printWorkload(PrintWriter out, RequestStream.Shape shape, String servers) {
    out.println("Workload: " + shape.describe());
    String load =
        rate > 0
            ? String.format(
                "%.0f requests/s (sent unbatched, linger.ms=0) for %d s warm-up, then %d s"
                    + " measured; latency from send to answer",
                rate, warmupSeconds, durationSeconds)
            : String.format(
                "a backlog of %,d warm-up and %,d measured requests, drained as fast as the"
                    + " application goes (throughput; the latency of a backlog is queueing)",
                warmupRequests, requestCount);
    out.printf(
        "Load: %s%nApplication: %s, %d stream threads, %d partitions, profile %s; Kafka at %s%s%n",
        load,
        streams.processingGuarantee,
        streams.numStreamThreads,
        streams.partitionCount(),
        streams.profile,
        servers,
        bootstrapServers == null ? " (in-process broker, " + brokerProperties() + ")" : "");
    out.printf(
        "Machine: %d cores, Java %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
  }

  private static void printTable(PrintWriter out, List<Row> rows) {
    out.println();
    out.printf(
        "%-9s %-9s %10s %8s %10s %8s %8s %8s %8s%n",
        "topology",
        "phase",
        "answers",
        "seconds",
        "req/s",
        "p50 ms",
        "p99 ms",
        "p99.9 ms",
        "max ms");
    for (Row row : rows) {
      Histogram h = row.phase.latencyMicros();
      out.printf(
          "%-9s %-9s %,10d %8.1f %,10.0f %8.1f %8.1f %8.1f %8.1f%n",
          row.mode,
          row.name,
          row.phase.answers(),
          row.phase.seconds(),
          row.requestsPerSecond(),
          h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0,
          h.getValueAtPercentile(99.9) / 1000.0,
          h.getMaxValue() / 1000.0);
    }
    Row peer = measured(rows, Mode.peer);
    if (peer != null) {
      out.printf(
          "%npeer: answers are the first requests of each identity (%,d measured repeats"
              + " dropped); req/s counts every request drained%n",
          peer.dropped);
    }
    Row full = measured(rows, Mode.full);
    boolean first = true;
    for (Mode other : List.of(Mode.skeleton, Mode.peer)) {
      Row row = measured(rows, other);
      if (full != null && row != null && row.requestsPerSecond() > 0) {
        if (first) {
          out.println();
          first = false;
        }
        out.printf(
            "full/%s throughput (measured): %.2f%n",
            other, full.requestsPerSecond() / row.requestsPerSecond());
      }
    }
    out.flush();
  }

  private static @Nullable Row measured(List<Row> rows, Mode mode) {
    return rows.stream()
        .filter(r -> r.mode == mode && r.name.equals("measured"))
        .findFirst()
        .orElse(null);
  }

  /**
   * One phase of one topology.
   *
   * @param requests the requests sent in the phase
   * @param dropped how many of them got no answer by design (the peer's repeats)
   */
  private record Row(
      Mode mode, String name, LatencyCollector.Phase phase, long requests, long dropped) {

    /**
     * Requests drained per second between the phase's first and last answer: the answers' rate,
     * scaled by the requests each answer stands for when repeats get none.
     */
    double requestsPerSecond() {
      long answers = phase.answers();
      return answers == 0 ? 0 : phase.throughput() * (answers + dropped) / answers;
    }
  }
}
