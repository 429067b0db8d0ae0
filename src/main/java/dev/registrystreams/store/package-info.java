/**
 * The entry stores under the topology: the in-memory hot tier over a durable tier (RocksDB or
 * Redis), its settings, metrics and health, and the Redis key layout that readers outside the
 * application share. It may use {@code core}, Kafka Streams state stores and Lettuce, but not
 * {@code topology} or any package above it.
 */
@NullMarked
package dev.registrystreams.store;

import org.jspecify.annotations.NullMarked;
