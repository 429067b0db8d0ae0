package dev.registrystreams.topology;

import dev.registrystreams.store.DurableTier;
import dev.registrystreams.store.RedisKeys;
import dev.registrystreams.store.RedisServer;
import dev.registrystreams.store.RedisTier;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The durable tier under the entries store of a topology test, as the application can build it
 * ({@code AppConfig.EntryStore}: RocksDB or Redis). Register it as a static field with
 * {@code @RegisterExtension}: a test class that runs over both tiers is an abstract class of tests
 * with one subclass per tier.
 *
 * <p>RocksDB lives in the state directory of each {@link RegistryTopologyDriver}, so every driver
 * starts empty. Redis is a real redis-server, one per test class (starting one takes a while),
 * emptied before every test; a test that opens several drivers calls {@link #clear()} between them
 * when each must start from an empty registry.
 */
final class EntriesTier implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  private final String name;
  private final boolean redis;
  private RedisServer server;
  private RedisTier tier;
  private RedisClient client;
  private StatefulRedisConnection<String, String> admin;

  private EntriesTier(String name, boolean redis) {
    this.name = name;
    this.redis = redis;
  }

  /** RocksDB, the entries store's default. */
  static EntriesTier rocksDb() {
    return new EntriesTier("RocksDB", false);
  }

  /** Redis, shared by every instance of the application; here a redis-server of the test class. */
  static EntriesTier redis() {
    return new EntriesTier("Redis", true);
  }

  /** The tier, for {@link RegistryTopology}; over Redis only while the test class runs. */
  DurableTier durable() {
    if (!redis) {
      return DurableTier.rocksDb();
    }
    if (tier == null) {
      throw new IllegalStateException("the Redis tier exists only while its test class runs");
    }
    return tier;
  }

  /** Forgets every entry: Redis is flushed; RocksDB starts empty with every driver anyway. */
  void clear() {
    if (redis) {
      admin.sync().flushall();
    }
  }

  /** Whether Redis holds the value of entry {@code entryId} of the drivers' entries store. */
  boolean redisHoldsEntry(String entryId) {
    byte[] key =
        RedisKeys.of(RegistryTopologyDriver.APPLICATION_ID, RegistryTopology.ENTRIES_STORE)
            .entry(entryId);
    return tier.read("looking up an entry", r -> r.exists(key)) == 1;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (redis) {
      server = RedisServer.start(RedisServer.Options.plain());
      tier = RedisTier.connect(server.settings());
      client = RedisClient.create(server.url());
      admin = client.connect();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (redis) {
      admin.close();
      client.shutdown();
      tier.close();
      server.close();
      tier = null;
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
