package dev.registrystreams.client;

import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.store.RedisKeys;
import dev.registrystreams.store.RedisSettings;
import dev.registrystreams.store.RedisTier;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.RegistryTopology;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@link EntryReader} over the Redis durable tier, in the key layout of {@link RedisKeys}: {@code
 * <app>:entries:entry:<id>} holds the entry (Avro single-object encoding) and {@code
 * <app>:entries:key:<dedupKey>} its id.
 *
 * <p>Reads do not wait out an outage: they throw {@link
 * dev.registrystreams.store.RedisUnavailableException}, so that a caller can fall back to a Kafka
 * round trip. They see the store as Redis holds it, which may include a write whose Kafka
 * transaction has not committed yet (or is about to be aborted). Resolution is deterministic, so
 * such a write is made again, identically, when its request is re-processed: an entry seen here is
 * the entry the registry will hold.
 */
public final class RedisEntryReader implements EntryReader {

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);

  private final RedisTier redis;
  private final RedisKeys keys;
  private final boolean ownsConnection;

  private RedisEntryReader(RedisTier redis, RedisKeys keys, boolean ownsConnection) {
    this.redis = redis;
    this.keys = keys;
    this.ownsConnection = ownsConnection;
  }

  /**
   * Connects to Redis for the entries of application {@code applicationId}.
   *
   * @throws dev.registrystreams.store.RedisUnavailableException when Redis cannot be reached
   */
  public static RedisEntryReader connect(RedisSettings settings, String applicationId) {
    return new RedisEntryReader(
        RedisTier.connect(settings),
        RedisKeys.of(applicationId, RegistryTopology.ENTRIES_STORE),
        true);
  }

  /** A lookup over an existing connection, which stays open when the lookup closes. */
  public static RedisEntryReader over(RedisTier redis, String applicationId) {
    return new RedisEntryReader(
        redis, RedisKeys.of(applicationId, RegistryTopology.ENTRIES_STORE), false);
  }

  @Override
  public Optional<RegistryEntry> byId(String entryId) {
    byte[] value = redis.read("reading entry " + entryId, r -> r.get(keys.entry(entryId)));
    return Optional.ofNullable(value).map(ENTRIES::decode);
  }

  @Override
  public Optional<RegistryEntry> byDedupKey(String dedupKeyHex) {
    byte[] id = redis.read("reading dedup key " + dedupKeyHex, r -> r.get(keys.index(dedupKeyHex)));
    if (id == null) {
      return Optional.empty();
    }
    return byId(new String(id, StandardCharsets.UTF_8))
        // An entry id belongs to one dedup key; anything else is not this key's entry.
        .filter(entry -> entry.getDedupKey().equals(dedupKeyHex));
  }

  @Override
  public void close() {
    if (ownsConnection) {
      redis.close();
    }
  }
}
