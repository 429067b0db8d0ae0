package dev.registrystreams.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the Redis that holds the durable tier of the application's stores, shared by
 * every store instance (Lettuce multiplexes commands of all threads over it).
 *
 * <p>Every command goes through {@link #execute}: while Redis cannot be reached (refused,
 * disconnected, timed out, loading its data set after a restart) the calling thread waits with
 * back-off and tries again, and {@link #health()} reports the outage, logged once. A write refused
 * because another instance now owns the task is a {@link TaskMigratedException}, which Kafka
 * Streams handles like a fenced producer. Any other Redis error is a bug or a misconfiguration and
 * fails the stream thread.
 */
public final class RedisTier implements DurableTier, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisTier.class);

  static final String WRITE = "write";
  static final String INIT = "init";
  static final String COMMIT = "commit";

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  private final RedisSettings settings;
  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final StoreHealth health;
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private volatile boolean stopRetrying;
  private volatile @Nullable Runnable dataLossListener;
  private final AtomicLong lastLossReport = new AtomicLong();
  private static final Duration DATA_LOSS_REPORT_INTERVAL = Duration.ofSeconds(30);
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisTier(
      RedisSettings settings,
      ClientResources resources,
      RedisClient client,
      StatefulRedisConnection<byte[], byte[]> connection) {
    this.settings = settings;
    this.resources = resources;
    this.client = client;
    this.connection = connection;
    this.health = new StoreHealth("Redis at " + settings.maskedUrl());
    for (String name : new String[] {WRITE, INIT, COMMIT}) {
      scripts.put(name, new Script(name, load(name)));
    }
  }

  /**
   * Connects to Redis.
   *
   * @throws RedisUnavailableException with a one-line reason (and no password) when Redis cannot be
   *     reached or refuses the credentials
   */
  public static RedisTier connect(RedisSettings settings) {
    RedisURI uri = uri(settings);
    ClientResources resources =
        ClientResources.builder()
            // Reconnect quickly once Redis is back rather than after Lettuce's default of up to 30
            // s.
            .reconnectDelay(Delay.constant(Duration.ofMillis(250)))
            .build();
    RedisClient client = RedisClient.create(resources, uri);
    ClientOptions.Builder options =
        ClientOptions.builder()
            .autoReconnect(true)
            // While disconnected, fail commands at once instead of queueing them: the caller
            // retries with back-off and knows what happened.
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()));
    if (settings.caCertificate() != null) {
      options.sslOptions(
          SslOptions.builder()
              .jdkSslProvider()
              .trustManager(settings.caCertificate().toFile())
              .build());
    }
    client.setOptions(options.build());
    StatefulRedisConnection<byte[], byte[]> connection;
    try {
      connection = client.connect(ByteArrayCodec.INSTANCE);
    } catch (RedisException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown();
      throw new RedisUnavailableException(
          "cannot connect to Redis at " + settings.maskedUrl() + ": " + rootMessage(e), e);
    }
    try {
      return new RedisTier(settings, resources, client, connection);
    } catch (RuntimeException e) {
      connection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown();
      throw new RedisUnavailableException(
          "cannot prepare Redis at " + settings.maskedUrl() + ": " + rootMessage(e), e);
    }
  }

  private static RedisURI uri(RedisSettings settings) {
    try {
      RedisURI uri = RedisURI.create(settings.url());
      uri.setTimeout(settings.commandTimeout());
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid Redis URL: " + settings.maskedUrl(), e);
    }
  }

  public RedisSettings settings() {
    return settings;
  }

  /** Reachability of Redis as the stores last saw it. */
  public StoreHealth health() {
    return health;
  }

  /**
   * Supplies stores named {@code name} kept in this Redis.
   *
   * @param secondaryKey the secondary key of a value (for entries: its dedup key), indexed as
   *     {@code <prefix>:key:<secondary>}; null for none
   */
  @Override
  public KeyValueBytesStoreSupplier supplier(
      String name, @Nullable Function<byte[], String> secondaryKey) {
    return new RedisStoreSupplier(name, this, secondaryKey);
  }

  /**
   * Runs {@code listener} whenever this tier finds that Redis lost its data (restarted empty,
   * flushed): to write again what the application keeps there beside the stores.
   */
  public void onDataLoss(Runnable listener) {
    dataLossListener = listener;
  }

  /**
   * Says once per incident, in one line, that Redis lost its data and what happens now: every task
   * whose writes are refused is closed and reopened, and its store, whose committed offsets are
   * gone too, is restored from its changelog.
   */
  private void reportDataLoss() {
    long now = System.nanoTime();
    long last = lastLossReport.get();
    if ((last != 0 && now - last < DATA_LOSS_REPORT_INTERVAL.toNanos())
        || !lastLossReport.compareAndSet(last, now)) {
      return;
    }
    log.warn(
        "Redis at {} lost its data (a task's epoch key is gone): its tasks are reopened and their"
            + " stores restored from the changelog, and the settings key is written again",
        settings.maskedUrl());
    Runnable listener = dataLossListener;
    if (listener != null) {
      listener.run();
    }
  }

  /**
   * Makes threads that wait for an unreachable Redis give up instead of retrying, so that a
   * shutdown during an outage does not wait for Redis. Commands still succeed while Redis is up.
   */
  public void stopRetrying() {
    stopRetrying = true;
  }

  /** Runs one operation on the shared connection, waiting out outages; see the class comment. */
  <T> T execute(String what, Function<RedisCommands<byte[], byte[]>, T> operation) {
    long backoffMs = FIRST_BACKOFF.toMillis();
    while (true) {
      try {
        T result = operation.apply(connection.sync());
        health.up();
        return result;
      } catch (RedisCommandExecutionException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("FENCED")) {
          throw new TaskMigratedException(
              "Redis refused a write to "
                  + what
                  + ": another instance owns the task now ("
                  + message
                  + ")",
              e);
        }
        if (message.startsWith("LOST")) {
          reportDataLoss();
          throw new TaskMigratedException("Redis lost its data (" + message + "), " + what, e);
        }
        if (message.startsWith("NOSCRIPT")) {
          // Redis restarted and forgot the scripts: load them again and retry at once.
          scripts.values().forEach(Script::forget);
          continue;
        }
        if (!transientError(message)) {
          throw new StreamsException(
              "Redis failed " + what + " at " + settings.maskedUrl() + ": " + message, e);
        }
        backoffMs = waitForRedis(what, e, backoffMs);
      } catch (RedisException e) {
        // Connection refused or lost, command timed out, or rejected while disconnected.
        backoffMs = waitForRedis(what, e, backoffMs);
      }
    }
  }

  /**
   * Runs one command without waiting out outages: for clients (lookups, reset) that would rather
   * fall back to something else, or fail, than wait. A failure is the caller's to report: it does
   * not change {@link #health()} (which would log it).
   *
   * @throws RedisUnavailableException when Redis cannot be reached or fails the command
   */
  public <T> T read(String what, Function<RedisCommands<byte[], byte[]>, T> operation) {
    try {
      T result = operation.apply(connection.sync());
      health.up();
      return result;
    } catch (RedisException e) {
      throw new RedisUnavailableException(
          "Redis at " + settings.maskedUrl() + " failed " + what + ": " + rootMessage(e), e);
    }
  }

  /**
   * Asks Redis whether it is there (PING, waiting at most {@code timeout}) and records the answer
   * in {@link #health()}: so that readiness reflects an outage even while no record is processed.
   */
  public void check(Duration timeout) {
    try {
      connection.async().ping().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      health.up();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      health.unavailable(cause != null ? cause : e);
    } catch (java.util.concurrent.TimeoutException | RedisException e) {
      health.unavailable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long waitForRedis(String what, RuntimeException error, long backoffMs) {
    health.unavailable(error);
    if (stopRetrying) {
      throw new StreamsException(
          "gave up "
              + what
              + " because the application is stopping and Redis at "
              + settings.maskedUrl()
              + " is unavailable: "
              + rootMessage(error),
          error);
    }
    try {
      Thread.sleep(backoffMs);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new StreamsException("interrupted while waiting for Redis during " + what, error);
    }
    return Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
  }

  private static boolean transientError(String message) {
    for (String code :
        new String[] {
          "LOADING", "BUSY", "OOM", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN"
        }) {
      if (message.startsWith(code)) {
        return true;
      }
    }
    return false;
  }

  /** Runs script {@code name} (by its SHA-1, loading it first when Redis does not know it). */
  // Typed by the caller, as Lettuce types its own script results.
  @SuppressWarnings("TypeParameterUnusedInFormals")
  <T> T script(
      RedisCommands<byte[], byte[]> redis,
      String name,
      ScriptOutputType type,
      byte[][] keys,
      byte[]... args) {
    Script script = Objects.requireNonNull(scripts.get(name), name);
    return redis.evalsha(script.sha(redis), type, keys, args);
  }

  @Override
  public void close() {
    stopRetrying = true;
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      connection.close();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  private static String load(String name) {
    String resource = "/redis/" + name + ".lua";
    try (InputStream in = RedisTier.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Lua script and its SHA-1 once Redis has loaded it. */
  private static final class Script {
    private final String name;
    private final byte[] source;
    private volatile @Nullable String sha;

    Script(String name, String source) {
      this.name = Objects.requireNonNull(name);
      this.source = source.getBytes(StandardCharsets.UTF_8);
    }

    String sha(RedisCommands<byte[], byte[]> redis) {
      String known = sha;
      if (known == null) {
        known = redis.scriptLoad(source);
        sha = known;
      }
      return known;
    }

    void forget() {
      sha = null;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
