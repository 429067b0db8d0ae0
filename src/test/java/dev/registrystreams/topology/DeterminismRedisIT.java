package dev.registrystreams.topology;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DeterminismContract} over Redis, against a real redis-server: one for the class, flushed
 * before every test. An integration test because it needs redis-server installed, which unit tests
 * do not.
 */
class DeterminismRedisIT extends DeterminismContract {

  @RegisterExtension static final EntriesTier TIER = EntriesTier.redis();

  @Override
  EntriesTier tier() {
    return TIER;
  }
}
