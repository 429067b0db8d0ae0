/**
 * The application: its configuration ({@link dev.registrystreams.app.AppConfig}), topic
 * provisioning, the Kafka Streams lifecycle ({@link dev.registrystreams.app.RegistryStreamsApp})
 * and resets. It may use {@code topology}, {@code store} and {@code core}; it does not use {@code
 * client}, {@code load}, {@code http} or {@code cli}, which sit above it.
 */
@NullMarked
package dev.registrystreams.app;

import org.jspecify.annotations.NullMarked;
