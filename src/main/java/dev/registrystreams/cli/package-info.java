/**
 * The {@code registry-streams} command line (picocli): each command parses its options, calls
 * {@code app}, {@code client}, {@code load} or {@code http} and prints; the options and output
 * pieces the commands share live here too, and the helpers for user files in {@code cli.files}. It
 * is the top layer: it may use every package of the application, and no package uses it.
 */
@NullMarked
package dev.registrystreams.cli;

import org.jspecify.annotations.NullMarked;
