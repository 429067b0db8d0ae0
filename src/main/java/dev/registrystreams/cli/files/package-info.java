/**
 * What the command line reads from the files a user names: reading them as UTF-8 with a reason a
 * user can act on ({@link dev.registrystreams.cli.files.UserFiles}), {@code .env} files ({@link
 * dev.registrystreams.cli.files.DotEnv}), {@code ${VAR}} interpolation ({@link
 * dev.registrystreams.cli.files.Interpolation}) and the checks of exported config files ({@link
 * dev.registrystreams.cli.files.ConfigValidator}, with the structure from the published JSON Schema
 * through {@link dev.registrystreams.cli.files.EntryConfigSchema}). Used only by {@code cli}; it
 * may use {@code core} and its sub-packages, but not the rest of {@code cli}, nor Kafka.
 */
@NullMarked
package dev.registrystreams.cli.files;

import org.jspecify.annotations.NullMarked;
