/**
 * Untrusted user text made safe for one-line messages ({@link
 * dev.registrystreams.core.text.UserText}: quoted, escaped, shortened), the bottom of {@code core}:
 * every layer that names user input in an error uses it. It uses nothing but the JDK.
 */
@NullMarked
package dev.registrystreams.core.text;

import org.jspecify.annotations.NullMarked;
