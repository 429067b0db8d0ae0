/**
 * The HTTP server of a running application (Javalin): entry and config reads, writes through a
 * shared round trip, the change feed, health, stats, the dashboard and Prometheus metrics
 * (Micrometer). It may use {@code app}, {@code client}, {@code topology}, {@code store} and {@code
 * core}; only {@code cli} (the {@code run} command) starts it.
 */
@NullMarked
package dev.registrystreams.http;

import org.jspecify.annotations.NullMarked;
