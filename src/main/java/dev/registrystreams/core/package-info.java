/**
 * The registry domain, a pure function of its inputs: validating requests ({@link
 * dev.registrystreams.core.RequestValidator}), titles and their dedup key, entry ids, resolving a
 * request against the entry it may update ({@link dev.registrystreams.core.Resolver}), the content
 * hash, the registry configuration ({@link dev.registrystreams.core.RegistrySchema}) and the
 * masking of secrets. It may use its sub-packages ({@code core.yaml}, {@code core.diff}, {@code
 * core.text}) and plain libraries, but no other package of the application, no Kafka, no Redis
 * client and no files, network, environment or console: callers hand it values and get values back.
 */
@NullMarked
package dev.registrystreams.core;

import org.jspecify.annotations.NullMarked;
