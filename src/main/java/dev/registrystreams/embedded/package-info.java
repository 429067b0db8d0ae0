/**
 * An in-process single-node KRaft Kafka cluster for {@code run --embedded}, {@code demo} and tests.
 * It uses Kafka alone and no other package of the application; only {@code cli} uses it, so the
 * application itself needs nothing but a real cluster's bootstrap servers.
 */
@NullMarked
package dev.registrystreams.embedded;

import org.jspecify.annotations.NullMarked;
