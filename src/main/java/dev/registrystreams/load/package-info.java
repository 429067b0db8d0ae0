/**
 * Load generation and measurement for {@code bench} and {@code batch}: generated workloads ({@link
 * dev.registrystreams.load.MixedWorkload}, {@link dev.registrystreams.load.RequestStream}), a paced
 * sender and the latency collector with its HdrHistogram log, and the comparison topologies that
 * {@code bench} runs next to the real one ({@link dev.registrystreams.load.SkeletonTopology},
 * {@link dev.registrystreams.load.PeerTopology}). It may use {@code client}, {@code topology},
 * {@code store} and {@code core}; only {@code cli} (and benchmarks and tests) use it, never the
 * application.
 */
@NullMarked
package dev.registrystreams.load;

import org.jspecify.annotations.NullMarked;
