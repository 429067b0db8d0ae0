package dev.registrystreams.store;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** The store contract for the hot tier over Kafka's in-memory store. */
class InMemoryHotTierContractTest extends KeyValueStoreContract {

  @Override
  KeyValueStore<Bytes, byte[]> durableStore(String name) {
    return Stores.inMemoryKeyValueStore(name).get();
  }
}
