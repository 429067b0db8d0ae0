package dev.registrystreams.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract for the hot tier over Redis, against a real redis-server: one server and one
 * connection for the class, each test under its own application id.
 */
class RedisHotTierContractIT extends KeyValueStoreContract {

  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.plain();

  /**
   * The entries store indexes every value by its dedup key; here every value is its own secondary
   * key, so that index entries are written, rolled back and deleted along with the values.
   */
  private static final Function<byte[], String> SECONDARY = value -> new String(value, UTF_8);

  private static RedisTier tier;

  @BeforeAll
  static void connect() {
    tier = RedisTier.connect(REDIS.server().settings());
  }

  @AfterAll
  static void disconnect() {
    tier.close();
  }

  @Override
  KeyValueStore<Bytes, byte[]> durableStore(String name) {
    return tier.supplier(name, SECONDARY).get();
  }
}
