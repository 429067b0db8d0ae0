/**
 * YAML reading and writing for configs and contexts: {@link
 * dev.registrystreams.core.yaml.YamlCodec} loads text into plain data (maps, lists, scalars) with
 * one-line {@link dev.registrystreams.core.yaml.InvalidYamlException} messages and writes plain
 * data back, through snakeyaml-engine. It may use {@code core.text} and snakeyaml-engine only; it
 * knows nothing of entries, diffs or the rest of {@code core}, and does no I/O of its own (it reads
 * strings and readers it is given).
 */
@NullMarked
package dev.registrystreams.core.yaml;

import org.jspecify.annotations.NullMarked;
