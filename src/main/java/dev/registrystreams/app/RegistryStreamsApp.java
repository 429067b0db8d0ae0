package dev.registrystreams.app;

import dev.registrystreams.store.DurableTier;
import dev.registrystreams.store.RedisKeys;
import dev.registrystreams.store.RedisTier;
import dev.registrystreams.store.RedisUnavailableException;
import dev.registrystreams.store.StoreHealth;
import dev.registrystreams.topology.CacheHits;
import dev.registrystreams.topology.OutputLimits;
import dev.registrystreams.topology.ProductionFailures;
import dev.registrystreams.topology.RegistryTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of the application: checks that Kafka is reachable, creates the topics,
 * starts Kafka Streams and waits until it is running.
 */
public final class RegistryStreamsApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryStreamsApp.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STORE_CHECK_INTERVAL = Duration.ofSeconds(1);

  private final AppConfig config;
  private final KafkaStreams streams;
  // Null in RocksDB mode.
  private final @Nullable RedisTier redis;
  private final StoreHealth storeHealth;
  private final ProductionFailures failures;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Restorations restorations = new Restorations();
  private volatile boolean reachedRunning;
  // Set in Redis mode once Kafka Streams runs.
  private java.util.concurrent.@Nullable ScheduledExecutorService storeChecks;
  private boolean closed;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private RegistryStreamsApp(
      AppConfig config,
      KafkaStreams streams,
      @Nullable RedisTier redis,
      ProductionFailures failures) {
    this.config = config;
    this.streams = streams;
    this.redis = redis;
    this.failures = failures;
    this.storeHealth = redis != null ? redis.health() : StoreHealth.alwaysUp("RocksDB");
  }

  /**
   * Starts an instance and returns once every stream thread is running.
   *
   * @throws StartupException with a one-line reason when Kafka is unreachable, the topics cannot be
   *     created or Streams does not reach RUNNING within {@code timeout}
   */
  public static RegistryStreamsApp start(AppConfig config, Duration timeout) {
    return start(config, timeout, new StopHandle());
  }

  /**
   * Starts an instance that {@code stop} can stop at any moment, from another thread, also while
   * this method is still running: then it throws a {@link StartupException}, having left the
   * consumer group if it had joined it.
   */
  public static RegistryStreamsApp start(AppConfig config, Duration timeout, StopHandle stop) {
    return start(config, timeout, stop, app -> {});
  }

  /**
   * The same, handing the instance to {@code created} as soon as it exists, before Kafka Streams
   * starts: so that health checks and metrics can watch it while it starts and restores.
   */
  public static RegistryStreamsApp start(
      AppConfig config,
      Duration timeout,
      StopHandle stop,
      java.util.function.Consumer<RegistryStreamsApp> created) {
    return start(
        config,
        durable ->
            new RegistryTopology(
                    config.topics(),
                    config.schema(),
                    config.hotTier(),
                    config.emitUnchanged(),
                    durable)
                .build(),
        timeout,
        stop,
        created);
  }

  /**
   * Starts an instance running the topology {@code topologyFor} builds over the configured durable
   * tier: the benchmark's skeleton, say.
   */
  public static RegistryStreamsApp start(
      AppConfig config, Function<DurableTier, Topology> topologyFor, Duration timeout) {
    return start(config, topologyFor, timeout, new StopHandle());
  }

  /** The same, for a {@code stop} that may come at any moment. */
  public static RegistryStreamsApp start(
      AppConfig config,
      Function<DurableTier, Topology> topologyFor,
      Duration timeout,
      StopHandle stop) {
    return start(config, topologyFor, timeout, stop, app -> {});
  }

  private static RegistryStreamsApp start(
      AppConfig config,
      Function<DurableTier, Topology> topologyFor,
      Duration timeout,
      StopHandle stop,
      java.util.function.Consumer<RegistryStreamsApp> created) {
    stop.throwIfStopped();
    Map<String, Integer> topicLimits = prepareCluster(config, timeout);
    stop.throwIfStopped();
    RedisTier redis = null;
    DurableTier durable = DurableTier.rocksDb();
    if (config.entryStore().kind() == AppConfig.EntryStore.Kind.redis) {
      try {
        redis = RedisTier.connect(config.entryStore().redisSettings());
      } catch (RedisUnavailableException | IllegalArgumentException e) {
        throw new StartupException(e.getMessage(), e);
      }
      durable = redis;
      publishSettings(redis, config);
      RedisTier tier = redis;
      tier.onDataLoss(() -> republishSettings(tier, config));
    }
    log.info("Entries store: Caffeine hot tier over {}", config.entryStore().describe());
    Topology topology = topologyFor.apply(durable);
    ProductionFailures failures = new ProductionFailures();
    Properties properties = config.streamsProperties();
    properties.put(OutputLimits.TOPIC_LIMITS_CONFIG, topicLimits);
    properties.put(ProductionFailures.CONFIG, failures);
    KafkaStreams streams;
    try {
      streams = new KafkaStreams(topology, properties);
    } catch (KafkaException e) {
      if (redis != null) {
        redis.close();
      }
      throw new StartupException("invalid Kafka Streams configuration: " + e.getMessage(), e);
    }
    RegistryStreamsApp app = new RegistryStreamsApp(config, streams, redis, failures);
    created.accept(app);
    app.startStreams(timeout, stop);
    return app;
  }

  /** Publishes the settings at start-up, where Redis being unreachable stops the start. */
  private static void publishSettings(RedisTier redis, AppConfig config) {
    try {
      writeSettings(redis, config);
    } catch (RedisUnavailableException e) {
      redis.close();
      throw new StartupException(e.getMessage(), e);
    }
  }

  /** Writes the settings again after Redis lost them; a failure only delays cache hits. */
  private static void republishSettings(RedisTier redis, AppConfig config) {
    try {
      writeSettings(redis, config);
    } catch (RedisUnavailableException e) {
      log.warn("Could not write the entries store's settings to Redis again: {}", e.getMessage());
    }
  }

  /**
   * Writes {@code <app>:entries:settings} ({@link CacheHits#settings}): what a client that answers
   * cache hits from Redis (generate) checks its own configuration against.
   */
  private static void writeSettings(RedisTier redis, AppConfig config) {
    redis.read(
        "publishing the entries store's settings",
        r ->
            r.set(
                RedisKeys.of(config.applicationId(), RegistryTopology.ENTRIES_STORE).settings(),
                CacheHits.settings(config.schema(), config.emitUnchanged())
                    .getBytes(StandardCharsets.UTF_8)));
  }

  /** Checks that Kafka is reachable, creates the topics and returns their record size limits. */
  private static Map<String, Integer> prepareCluster(AppConfig config, Duration timeout) {
    Admin admin;
    try {
      admin = Admin.create(config.clientProperties());
    } catch (KafkaException e) {
      throw new StartupException("invalid Kafka client configuration: " + e.getMessage(), e);
    }
    try {
      try {
        admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new StartupException(
            "cannot reach Kafka at "
                + config.bootstrapServers()
                + " within "
                + timeout.toSeconds()
                + " s");
      } catch (java.util.concurrent.ExecutionException e) {
        throw new StartupException(
            "cannot reach Kafka at "
                + config.bootstrapServers()
                + ": "
                + Objects.requireNonNullElse(e.getCause(), e).getMessage(),
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StartupException("interrupted while connecting to Kafka", e);
      }
      List<String> created = new TopicProvisioner(admin, timeout.toMillis()).ensureTopics(config);
      if (!created.isEmpty()) {
        log.info("Created topics {}", created);
      }
      return topicLimits(admin, config, timeout);
    } catch (KafkaException e) {
      throw new StartupException("invalid Kafka client configuration: " + e.getMessage(), e);
    } finally {
      // Every call above has completed or been given up on. A plain close() would wait for a
      // given-up call until default.api.timeout.ms (60 s) ran out, long after the startup timeout.
      admin.close(Duration.ZERO);
    }
  }

  private static Map<String, Integer> topicLimits(Admin admin, AppConfig config, Duration timeout) {
    try {
      return TopicLimits.read(admin, config, timeout.toMillis());
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // Not being allowed to describe configs is no reason not to start: the producer's own
      // max.request.size still bounds every record.
      log.warn(
          "Could not read the topics' max.message.bytes ({}); records are bounded by"
              + " max.request.size alone",
          e.getCause() == null ? e.toString() : e.getCause().getMessage());
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while reading topic configs", e);
    }
  }

  private void startStreams(Duration timeout, StopHandle stop) {
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener(
        (now, before) -> {
          log.info("Kafka Streams {} -> {}", before, now);
          if (now == KafkaStreams.State.RUNNING) {
            reachedRunning = true;
            running.countDown();
          }
          if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            running.countDown();
            stopped.countDown();
          }
        });
    streams.setUncaughtExceptionHandler(
        error -> {
          if (failures.causedBy(error)) {
            log.warn(
                "A stream thread stopped because the broker refused a record; replacing it, so"
                    + " that the record's request is dead-lettered when it is processed again");
            return StreamThreadExceptionResponse.REPLACE_THREAD;
          }
          // The first failure is the reason; those of the other threads usually follow from it.
          failure.compareAndSet(null, error);
          log.error("A stream thread failed; shutting this instance down", error);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setGlobalStateRestoreListener(restorations);
    checkStoreRegularly();
    try {
      stop.startUnlessStopped(this, streams::start);
    } catch (StartupException e) {
      close(); // Kafka Streams never started: nothing joined the group.
      throw e;
    }
    try {
      if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
        throw new StartupException(
            "Kafka Streams did not reach RUNNING within " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new StartupException("interrupted while starting Kafka Streams", e);
    }
    if (streams.state() != KafkaStreams.State.RUNNING
        && streams.state() != KafkaStreams.State.REBALANCING) {
      close(); // Returns once a stop's close, if that is what ended the start, is done.
      stop.throwIfStopped();
      Throwable error = failure.get();
      throw error == null
          ? new StartupException("Kafka Streams stopped while starting: " + streams.state())
          : new StartupException("Kafka Streams stopped while starting: " + reason(error), error);
    }
  }

  /**
   * Why a stream thread failed, in one line: the message of the innermost cause, which names what
   * is wrong (the wrappers around it say where it was found), or its class when it has none.
   */
  static String reason(Throwable error) {
    Throwable root = error;
    Set<Throwable> seen = new HashSet<>();
    while (root.getCause() != null && seen.add(root)) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  /**
   * In Redis mode, pings Redis every {@link #STORE_CHECK_INTERVAL}: processing only notices an
   * outage when it next touches Redis, readiness must notice it while the instance is idle too.
   */
  private void checkStoreRegularly() {
    RedisTier tier = redis;
    if (tier == null) {
      return;
    }
    storeChecks =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "registry-streams-store-check");
              t.setDaemon(true);
              return t;
            });
    storeChecks.scheduleWithFixedDelay(
        () -> tier.check(STORE_CHECK_INTERVAL),
        STORE_CHECK_INTERVAL.toMillis(),
        STORE_CHECK_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  public AppConfig config() {
    return config;
  }

  /** The running Kafka Streams instance, for metrics and interactive queries. */
  public KafkaStreams streams() {
    return streams;
  }

  /**
   * Reachability of the entries store's durable tier: Redis as the stores last saw it, or always up
   * for the local RocksDB tier.
   */
  public StoreHealth storeHealth() {
    return storeHealth;
  }

  /** The store partitions being restored from their changelogs right now. */
  public Restorations restorations() {
    return restorations;
  }

  /** Whether Kafka Streams has been RUNNING at least once since this instance started. */
  public boolean reachedRunning() {
    return reachedRunning;
  }

  /** Blocks until the instance stops, by {@link #close()} or because a stream thread failed. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** True if the instance stopped on its own because of an error rather than by close(). */
  public boolean failed() {
    return streams.state() == KafkaStreams.State.ERROR;
  }

  /** Why the instance stopped on its own, in one line: the first stream thread's failure. */
  public Optional<String> failure() {
    return Optional.ofNullable(failure.get()).map(RegistryStreamsApp::reason);
  }

  /**
   * Stops the instance. It leaves the consumer group, so that its partitions move to the other
   * instances (or to its own next start) at once rather than after the session timeout; unless
   * static membership is configured, where staying in the group is the point.
   */
  @Override
  public synchronized void close() {
    // Once: a stop (a shutdown hook) and the thread that started or runs the instance may both
    // close it, at the same moment; the second waits here for the first and then has nothing to do.
    if (closed) {
      return;
    }
    closed = true;
    if (storeChecks != null) {
      storeChecks.shutdownNow();
    }
    try {
      if (redis != null) {
        // A thread waiting for an unreachable Redis gives up instead of holding up the shutdown;
        // its task closes dirty and is rolled back and restored at the next start.
        redis.stopRetrying();
      }
      streams.close(
          CloseOptions.timeout(CLOSE_TIMEOUT)
              .withGroupMembershipOperation(
                  staticMembership(config)
                      ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                      : CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    } finally {
      if (redis != null) {
        redis.close();
      }
      stopped.countDown();
    }
  }

  /** Whether a group.instance.id is configured, for all consumers or the main one. */
  private static boolean staticMembership(AppConfig config) {
    return config.kafkaConfig().keySet().stream()
        .anyMatch(key -> key.endsWith(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
  }
}
