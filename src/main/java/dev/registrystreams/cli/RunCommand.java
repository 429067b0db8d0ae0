package dev.registrystreams.cli;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.app.StartupException;
import dev.registrystreams.app.StopHandle;
import dev.registrystreams.embedded.EmbeddedKafkaBroker;
import dev.registrystreams.http.HttpSettings;
import dev.registrystreams.http.InstanceSlot;
import dev.registrystreams.http.RegistryHttpServer;
import dev.registrystreams.store.HotTierMetrics;
import dev.registrystreams.store.RedisTierMetrics;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code run}: the application itself, against a cluster or an in-process broker. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the application until stopped (Ctrl-C shuts it down cleanly).",
      "Give --bootstrap-servers for an existing cluster, or --embedded for an in-process"
          + " single-node KRaft broker on 127.0.0.1."
    })
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;
  @Mixin StreamsOptions streams;
  @Mixin HttpOptions http;

  @Option(
      names = "--embedded",
      description = "Start a single-node KRaft broker in this JVM and run against it.")
  boolean embedded;

  @Option(
      names = "--embedded-port",
      paramLabel = "PORT",
      defaultValue = "9092",
      description = "Port of the embedded broker on 127.0.0.1 (0 picks a free one). Default: 9092.")
  int embeddedPort;

  @Option(
      names = "--stats-interval",
      paramLabel = "DURATION",
      defaultValue = "${env:REGISTRY_STREAMS_STATS_INTERVAL:-60s}",
      converter = StatsInterval.class,
      description =
          "How often to print the entries store's hit and miss counts (hot tier, and Redis in"
              + " Redis mode) when they changed; 0 never. Default: ${DEFAULT-VALUE}."
              + " Env: REGISTRY_STREAMS_STATS_INTERVAL.")
  java.time.Duration statsInterval;

  @Override
  public Integer call() {
    checkBrokerOptions();
    // Checked before anything starts: a usage error must not wait for a broker to start.
    HttpSettings httpSettings = http.enabled() ? http.settings() : null;
    PrintWriter out = spec.commandLine().getOut();
    // Given unless --embedded, whose broker's address replaces this one once it has started.
    String servers = Objects.requireNonNullElse(kafka.bootstrapServers, "127.0.0.1:0");
    AppConfig config =
        streams.appConfig(servers, kafka.applicationId(), kafka.topics(), kafka.kafkaProperties());
    // One shutdown hook from here to the end: Ctrl-C or SIGTERM at any moment, while the broker
    // or Kafka Streams is starting as well as later, closes the application (leaving the consumer
    // group, so that the next start need not wait for this member's session to time out), then
    // the broker, and deletes its temporary log dir.
    Instance instance = new Instance();
    Thread shutdownHook = new Thread(instance::close, "registry-streams-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      if (embedded) {
        EmbeddedKafkaBroker broker = EmbeddedBrokers.start(embeddedPort);
        instance.broker(broker);
        config = config.withBootstrapServers(broker.bootstrapServers());
      }
      out.println("bootstrap.servers=" + config.bootstrapServers());
      out.flush();
      InstanceSlot slot = new InstanceSlot();
      // Listening before Kafka Streams starts: probes are answered during a long start.
      if (httpSettings != null) {
        RegistryHttpServer server = http.serve(httpSettings, slot);
        instance.http(server);
        config = config.withApplicationServer(http.applicationServer(server.port()));
        out.println("http=" + server.url());
        out.flush();
      }
      RegistryStreamsApp app = startApp(config, instance, slot, out);
      return app == null ? 0 : runUntilStopped(app, config, out);
    } finally {
      instance.close();
      removeHook(shutdownHook);
    }
  }

  private void checkBrokerOptions() {
    if (embedded && kafka.bootstrapServers != null) {
      throw new ParameterException(
          spec.commandLine(), "--embedded and --bootstrap-servers exclude each other");
    }
    if (!embedded && kafka.bootstrapServers == null) {
      throw new ParameterException(
          spec.commandLine(),
          "give --bootstrap-servers (or REGISTRY_STREAMS_BOOTSTRAP_SERVERS) or --embedded");
    }
    if (embeddedPort < 0 || embeddedPort > 65535) {
      throw new ParameterException(spec.commandLine(), "--embedded-port must be 0..65535");
    }
  }

  /**
   * Starts Kafka Streams.
   *
   * @return the running application; null when it was stopped on purpose while starting
   */
  private @Nullable RegistryStreamsApp startApp(
      AppConfig config, Instance instance, InstanceSlot slot, PrintWriter out) {
    try {
      return RegistryStreamsApp.start(config, streams.startupTimeout(), instance.stop, slot::set);
    } catch (StartupException e) {
      if (!instance.stop.stopped()) {
        throw e;
      }
      // Stopped on purpose (Ctrl-C, SIGTERM) before it was running: not an error.
      out.println("registry-streams stopped while starting");
      out.flush();
      return null;
    }
  }

  private int runUntilStopped(RegistryStreamsApp app, AppConfig config, PrintWriter out) {
    out.printf(
        "registry-streams is running: application.id=%s, %s -> %s, %s (dead letters: %s)%n",
        config.applicationId(),
        config.topics().requests(),
        config.topics().entries(),
        config.topics().configChanges(),
        config.topics().rejected());
    out.flush();
    java.util.concurrent.ScheduledExecutorService stats = startStats(app, config, out);
    try {
      return awaitStop(app, out);
    } finally {
      if (stats != null) {
        stats.shutdownNow();
      }
    }
  }

  /**
   * Prints, every --stats-interval and only when they changed, the hit and miss counts of the
   * entries store: the hot tier's and, in Redis mode, Redis's (lookups the hot tier passed on).
   */
  private java.util.concurrent.@Nullable ScheduledExecutorService startStats(
      RegistryStreamsApp app, AppConfig config, PrintWriter out) {
    if (statsInterval.isZero() || statsInterval.isNegative()) {
      return null;
    }
    boolean redis = config.entryStore().kind() == AppConfig.EntryStore.Kind.redis;
    java.util.concurrent.ScheduledExecutorService executor =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "registry-streams-stats");
              t.setDaemon(true);
              return t;
            });
    String[] last = {""};
    long millis = statsInterval.toMillis();
    executor.scheduleAtFixedRate(
        () -> {
          try {
            String line = statsLine(app, redis);
            if (!line.equals(last[0])) {
              last[0] = line;
              synchronized (out) {
                out.println(line);
                out.flush();
              }
            }
          } catch (RuntimeException e) {
            // Metrics of a closing application: nothing to report.
          }
        },
        millis,
        millis,
        java.util.concurrent.TimeUnit.MILLISECONDS);
    return executor;
  }

  static String statsLine(RegistryStreamsApp app, boolean redis) {
    var metrics = app.streams().metrics();
    HotTierMetrics.HitCounts hot = HotTierMetrics.totals(metrics);
    String line =
        String.format(
            java.util.Locale.ROOT,
            "entries store: hot tier %,d hits, %,d misses (hit rate %.1f%%)",
            hot.hits(),
            hot.misses(),
            100 * hot.hitRate());
    if (redis) {
      HotTierMetrics.HitCounts r = RedisTierMetrics.totals(metrics);
      line +=
          String.format(
              java.util.Locale.ROOT, "; Redis %,d hits, %,d misses", r.hits(), r.misses());
    }
    return line;
  }

  /**
   * Blocks until the instance stops: on Ctrl-C or SIGTERM (the shutdown hook), when the thread
   * running this command is interrupted (how an in-process caller stops it), or when a stream
   * thread fails. Closes the application either way; the caller closes the broker.
   */
  private int awaitStop(RegistryStreamsApp app, PrintWriter out) {
    boolean interrupted = false;
    boolean failed = false;
    try {
      app.awaitStop();
      failed = app.failed();
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      app.close();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failed) {
      spec.commandLine()
          .getErr()
          .println(
              "error: the application stopped after a stream thread failed: "
                  + app.failure().orElse("see the log"));
      return 1;
    }
    out.println("registry-streams stopped");
    out.flush();
    return 0;
  }

  private static void removeHook(Thread hook) {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook is what stopped us, or is stopping us now.
    }
  }

  /** A duration as {@link DurationConverter} reads it, or {@code 0} for never. */
  static final class StatsInterval
      implements picocli.CommandLine.ITypeConverter<java.time.Duration> {
    @Override
    public java.time.Duration convert(String value) {
      return value.trim().equals("0")
          ? java.time.Duration.ZERO
          : new DurationConverter().convert(value);
    }
  }

  /**
   * What this command starts: the application, through the handle that stops it at any moment, and
   * the broker it started for it, if any.
   */
  private static final class Instance {
    final StopHandle stop = new StopHandle();
    // Each null until started, if it is.
    private @Nullable EmbeddedKafkaBroker broker;
    private @Nullable RegistryHttpServer http;
    private boolean closed;

    /** The broker, once started; closed at once if the command is stopping already. */
    void broker(EmbeddedKafkaBroker started) {
      synchronized (this) {
        if (!closed) {
          broker = started;
          return;
        }
      }
      started.close();
    }

    synchronized void http(RegistryHttpServer server) {
      http = server;
    }

    /**
     * Closes the application (or keeps it from starting), then the HTTP server and the broker,
     * which the application needs to leave its group; whoever calls first does it, a second caller
     * waits for it.
     */
    synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        stop.stop();
      } finally {
        try {
          if (http != null) {
            http.close();
          }
        } finally {
          if (broker != null) {
            broker.close();
          }
        }
      }
    }
  }
}
