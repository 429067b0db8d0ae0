package dev.registrystreams.client;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.store.RedisKeys;
import dev.registrystreams.store.RedisSettings;
import dev.registrystreams.store.RedisTier;
import dev.registrystreams.store.RedisUnavailableException;
import dev.registrystreams.topology.CacheHits;
import dev.registrystreams.topology.RegistryTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EntryLookup} of an application in Redis mode: reads the request's entry from Redis by
 * its dedup key ({@link RedisEntryReader}) and answers UNCHANGED only when {@link CacheHits}, the
 * topology's own validation and resolver, says the application would.
 *
 * <p>It answers only when the application published, in {@code <app>:entries:settings}, the same
 * configuration this lookup runs with (registry schema, UNCHANGED answers emitted). Every doubt is
 * a silent fallback to the Kafka round trip, with one DEBUG line saying why: Redis unreachable or
 * failing, settings absent or different, no entry, other content, a request the application would
 * reject.
 */
public final class RedisEntryLookup implements EntryLookup, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisEntryLookup.class);

  /** Command timeout of a lookup's connection: a slow Redis is a fallback, not a wait. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

  // Both null when Redis could not be reached.
  private final @Nullable RedisTier redis;
  private final boolean ownsConnection;
  private final @Nullable RedisEntryReader reader;
  private final RedisKeys keys;
  private final CacheHits hits;
  private final String expectedSettings;
  private volatile boolean settingsChecked;

  private RedisEntryLookup(
      @Nullable RedisTier redis,
      boolean ownsConnection,
      String applicationId,
      RegistrySchema schema) {
    this.redis = redis;
    this.ownsConnection = ownsConnection;
    this.reader = redis == null ? null : RedisEntryReader.over(redis, applicationId);
    this.keys = RedisKeys.of(applicationId, RegistryTopology.ENTRIES_STORE);
    this.hits = new CacheHits(schema);
    this.expectedSettings = CacheHits.settings(schema, true);
  }

  /**
   * Connects to the Redis of application {@code applicationId}, whose registry configuration is
   * {@code schema}. When Redis cannot be reached the lookup never answers (every request makes the
   * round trip).
   */
  public static RedisEntryLookup connect(
      RedisSettings settings, String applicationId, RegistrySchema schema) {
    RedisSettings quick =
        new RedisSettings(settings.url(), settings.caCertificate(), COMMAND_TIMEOUT);
    RedisTier redis;
    try {
      redis = RedisTier.connect(quick);
    } catch (RedisUnavailableException | IllegalArgumentException e) {
      log.debug("No registry cache: {}; requests make the Kafka round trip", e.getMessage());
      redis = null;
    }
    return new RedisEntryLookup(redis, true, applicationId, schema);
  }

  /** A lookup over an existing connection, which stays open when the lookup closes. */
  public static RedisEntryLookup over(
      RedisTier redis, String applicationId, RegistrySchema schema) {
    return new RedisEntryLookup(redis, false, applicationId, schema);
  }

  /** True when connected to Redis (a lookup that could not connect never answers). */
  public boolean connected() {
    return redis != null;
  }

  @Override
  public Optional<RegistryEntry> unchangedAnswer(GenerationRequest request) {
    RedisTier redis = this.redis;
    RedisEntryReader reader = this.reader;
    if (redis == null || reader == null) {
      return Optional.empty();
    }
    String dedupKey;
    try {
      dedupKey = CacheHits.dedupKey(request);
    } catch (RuntimeException e) {
      // A request the topology would reject (a null title, say) is not the cache's to answer.
      log.debug("Registry cache: cannot key request {}: {}", request.getRequestId(), e.toString());
      return Optional.empty();
    }
    try {
      if (!settingsMatch(redis)) {
        return Optional.empty();
      }
      Optional<RegistryEntry> stored = reader.byDedupKey(dedupKey);
      if (stored.isEmpty()) {
        log.debug("Registry cache: no entry for dedup key {}", dedupKey);
        return Optional.empty();
      }
      Optional<RegistryEntry> answer =
          hits.unchangedAnswer(request, System.currentTimeMillis(), stored.get());
      if (answer.isEmpty()) {
        log.debug(
            "Registry cache: entry {} would not answer request {} UNCHANGED",
            stored.get().getId(),
            request.getRequestId());
      }
      return answer;
    } catch (RuntimeException e) {
      // Redis failing, a value that does not decode: the round trip knows better.
      log.debug("Registry cache: lookup failed, making the round trip: {}", e.toString());
      return Optional.empty();
    }
  }

  /** Whether the application published the settings this lookup runs with; read once. */
  private boolean settingsMatch(RedisTier redis) {
    if (settingsChecked) {
      return true;
    }
    byte[] published =
        redis.read("reading the entries store's settings", r -> r.get(keys.settings()));
    String text = published == null ? null : new String(published, StandardCharsets.UTF_8);
    if (!expectedSettings.equals(text)) {
      log.debug(
          "Registry cache: the application's settings ({}) are not this client's ({}): is"
              + " --registry-config the same, and --unchanged emit?",
          text,
          expectedSettings);
      return false;
    }
    settingsChecked = true;
    return true;
  }

  @Override
  public void close() {
    if (ownsConnection && redis != null) {
      redis.close();
    }
  }
}
