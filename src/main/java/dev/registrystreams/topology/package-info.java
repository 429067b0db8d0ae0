/**
 * The Kafka Streams topology of the registry ({@link
 * dev.registrystreams.topology.RegistryTopology}): its processors (decode and validate, resolve,
 * dead letters, counts), serdes, partitioners, error handlers and topic names, and {@link
 * dev.registrystreams.topology.CacheHits}, the same validation and resolution run outside Kafka
 * Streams so that a client can answer UNCHANGED as the topology would. It may use {@code core},
 * {@code store}, Kafka Streams and Avro; it reports through Kafka Streams sensors, not Micrometer,
 * and uses no package above it.
 */
@NullMarked
package dev.registrystreams.topology;

import org.jspecify.annotations.NullMarked;
