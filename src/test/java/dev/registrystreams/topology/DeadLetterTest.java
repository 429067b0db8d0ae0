package dev.registrystreams.topology;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DeadLetterContract} over RocksDB, the entries store's default tier. */
class DeadLetterTest extends DeadLetterContract {

  @RegisterExtension static final EntriesTier TIER = EntriesTier.rocksDb();

  @Override
  EntriesTier tier() {
    return TIER;
  }
}
