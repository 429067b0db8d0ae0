/**
 * The library for talking to a running registry over Kafka and Redis: sending requests and
 * collecting their answers ({@link dev.registrystreams.client.RoundTrip}, {@link
 * dev.registrystreams.client.SharedRoundTrip}, {@link dev.registrystreams.client.RequestSender},
 * {@link dev.registrystreams.client.AnswerCollector}), reading entries and config history ({@link
 * dev.registrystreams.client.RegistryReader}, {@link dev.registrystreams.client.ConfigHistory}) and
 * looking entries up in Redis ({@link dev.registrystreams.client.RedisEntryLookup}). It may use
 * {@code core}, {@code store} and {@code topology} (serdes, topic names, cache hits), but not
 * {@code app}, {@code http}, {@code load} or {@code cli}.
 */
@NullMarked
package dev.registrystreams.client;

import org.jspecify.annotations.NullMarked;
