package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RegistryTopologyContract} over Redis, against a real redis-server: one for the class,
 * flushed before every test. An integration test because it needs redis-server installed, which
 * unit tests do not.
 */
class RegistryTopologyRedisIT extends RegistryTopologyContract {

  @RegisterExtension static final EntriesTier TIER = EntriesTier.redis();

  @Override
  EntriesTier tier() {
    return TIER;
  }

  /** The tests above run over Redis indeed: the entries store writes through to it. */
  @Test
  void theEntriesStoreWritesThroughToRedis() {
    try (RegistryTopologyDriver t = driver()) {
      t.send(RegistryTopologyDriver.request("r1", "Stored in Redis", Map.of()), 0);
      String id = t.entries.readValue().getId();

      assertThat(TIER.redisHoldsEntry(id)).isTrue();
      assertThat(TIER.redisHoldsEntry(id + "-not-stored")).isFalse();
    }
  }
}
