/**
 * The diff and patch of config documents: {@link dev.registrystreams.core.diff.ConfigDiff} turns
 * two documents into the {@link dev.registrystreams.core.diff.PathChange path changes} of a config
 * change event, {@link dev.registrystreams.core.diff.ConfigPatch} applies them again, {@link
 * dev.registrystreams.core.diff.ConfigPath} is their path syntax and {@link
 * dev.registrystreams.core.diff.LeafText} the text of a changed value. It may use {@code
 * core.yaml}, {@code core.text} and Jackson, but not the domain in {@code core} (which builds on
 * it), and no Kafka or I/O.
 */
@NullMarked
package dev.registrystreams.core.diff;

import org.jspecify.annotations.NullMarked;
