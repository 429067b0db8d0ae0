package dev.registrystreams.topology;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DeterminismContract} over RocksDB, the entries store's default tier. */
class DeterminismTest extends DeterminismContract {

  @RegisterExtension static final EntriesTier TIER = EntriesTier.rocksDb();

  @Override
  EntriesTier tier() {
    return TIER;
  }
}
