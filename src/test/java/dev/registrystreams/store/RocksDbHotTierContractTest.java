package dev.registrystreams.store;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/** The store contract for the hot tier over RocksDB: the entries store's default. */
class RocksDbHotTierContractTest extends KeyValueStoreContract {

  @Override
  KeyValueStore<Bytes, byte[]> durableStore(String name) {
    return DurableTier.rocksDb().supplier(name, null).get();
  }
}
