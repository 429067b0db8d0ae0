package dev.registrystreams.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A single-node Kafka cluster (KRaft, broker and controller in one) running inside this JVM. */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private final KafkaRaftServer server;
  private final int port;
  private final Path logDir;
  private final boolean temporaryLogDir;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafkaBroker(
      KafkaRaftServer server, int port, Path logDir, boolean temporaryLogDir) {
    this.server = server;
    this.port = port;
    this.logDir = logDir;
    this.temporaryLogDir = temporaryLogDir;
  }

  /** Starts a broker on 127.0.0.1:{@code port} (0 picks a free port) with a temporary log dir. */
  public static EmbeddedKafkaBroker start(int port) {
    return builder().port(port).start();
  }

  /** Options beyond the port: a persistent log dir, property overrides, the start timeout. */
  public static Builder builder() {
    return new Builder();
  }

  /** The value for {@code bootstrap.servers}, e.g. {@code 127.0.0.1:9092}. */
  public String bootstrapServers() {
    return LocalPorts.HOST + ":" + port;
  }

  /** The client port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Where the broker keeps its data: a temporary dir unless the builder was given one. */
  public Path logDir() {
    return logDir;
  }

  /** Stops the broker and, unless the caller supplied the log dir, deletes it. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long began = System.nanoTime();
    stop(server);
    if (temporaryLogDir) {
      deleteQuietly(logDir);
    }
    LOG.info(
        "Embedded Kafka broker at {} stopped in {} ms",
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
  }

  /** Options for {@link EmbeddedKafkaBroker}; every one has a sensible default. */
  public static final class Builder {
    private static final int PORT_ATTEMPTS = 3;

    private int port;
    private @Nullable Path logDir;
    private Duration startTimeout = Duration.ofSeconds(60);
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Builder() {}

    /** Client port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** A persistent log dir, kept on close and reused on the next start; default: a temp dir. */
    public Builder logDir(Path logDir) {
      this.logDir = Objects.requireNonNull(logDir, "logDir");
      return this;
    }

    /** Server properties that replace the defaults, e.g. {@code log.retention.ms}. */
    public Builder brokerProperties(Map<String, ?> properties) {
      properties.forEach((key, value) -> overrides.put(key, String.valueOf(value)));
      return this;
    }

    /** How long {@link #start()} waits for the broker to serve requests; default 60 s. */
    public Builder startTimeout(Duration startTimeout) {
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive");
      }
      this.startTimeout = startTimeout;
      return this;
    }

    /** Formats storage if needed, starts the broker and returns once it answers clients. */
    public EmbeddedKafkaBroker start() {
      if (port != 0) {
        // Checked up front: Kafka notices a taken port only after its controller is running,
        // and reports it as a pile of stack traces.
        requireFree(port);
      }
      // Picked ports (the controller's always is) can be taken by another process before Kafka
      // binds them; then start over with new ones.
      for (int attempt = 1; ; attempt++) {
        try {
          return launch(port != 0 ? port : LocalPorts.freePort());
        } catch (StartFailures.PortTakenException e) {
          if (attempt == PORT_ATTEMPTS) {
            throw new EmbeddedKafkaException(String.valueOf(e.getMessage()), e.getCause());
          }
          LOG.debug("A port was taken while the embedded broker started, retrying", e);
        }
      }
    }

    private EmbeddedKafkaBroker launch(int brokerPort) {
      long began = System.nanoTime();
      long deadline = began + startTimeout.toNanos();
      int controllerPort = LocalPorts.freePort();
      Path given = logDir;
      boolean temporary = given == null;
      Path dir = given == null ? createTempLogDir() : given;
      KafkaRaftServer server = null;
      boolean started = false;
      try {
        Map<String, String> props =
            BrokerProperties.of(
                brokerPort, controllerPort, dir, startTimeout.toMillis(), overrides);
        if (!KRaftStorage.isFormatted(dir)) {
          KRaftStorage.format(props);
        }
        server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, brokerPort, dir, temporary);
        awaitReady(broker.bootstrapServers(), deadline);
        LOG.info(
            "Embedded Kafka broker ready at {} in {} ms (log dir {})",
            broker.bootstrapServers(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
            dir);
        started = true;
        return broker;
      } catch (Exception e) {
        throw StartFailures.describe(e, brokerPort);
      } finally {
        if (!started) {
          // Leave nothing behind: no half-started threads, no stray temp dirs.
          if (server != null) {
            stop(server);
          }
          if (temporary) {
            deleteQuietly(dir);
          }
        }
      }
    }

    private void awaitReady(String bootstrapServers, long deadline) throws InterruptedException {
      Map<String, Object> config =
          Map.of(
              AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
              AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
              AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
      Exception last = null;
      try (Admin admin = Admin.create(config)) {
        while (System.nanoTime() < deadline) {
          long waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
          try {
            // Only unfenced brokers are listed, so a non-empty answer means it takes requests.
            Collection<Node> nodes =
                admin.describeCluster().nodes().get(Math.min(waitMs, 5_000), TimeUnit.MILLISECONDS);
            if (!nodes.isEmpty()) {
              return;
            }
          } catch (ExecutionException | TimeoutException e) {
            last = e;
          }
          Thread.sleep(50);
        }
      }
      throw new EmbeddedKafkaException(
          "Embedded Kafka broker at "
              + bootstrapServers
              + " was not ready within "
              + startTimeout.toSeconds()
              + " s",
          last);
    }

    private Path createTempLogDir() {
      try {
        return Files.createTempDirectory("registry-streams-kafka-");
      } catch (IOException e) {
        throw new EmbeddedKafkaException("cannot create a temporary Kafka log dir: " + e, e);
      }
    }
  }

  private static void requireFree(int port) {
    if (!LocalPorts.isFree(port)) {
      throw new EmbeddedKafkaException(
          "port "
              + port
              + " is already in use on "
              + LocalPorts.HOST
              + "; stop what listens there or choose another port (0 picks a free one)");
    }
  }

  private static void stop(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Embedded Kafka broker did not shut down cleanly", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      LOG.warn("Could not delete Kafka log dir {}", dir, e);
    }
  }
}
