package dev.registrystreams.topology;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RegistryTopologyContract} over RocksDB, the entries store's default tier. */
class RegistryTopologyTest extends RegistryTopologyContract {

  @RegisterExtension static final EntriesTier TIER = EntriesTier.rocksDb();

  @Override
  EntriesTier tier() {
    return TIER;
  }
}
