package dev.registrystreams.topology;

import org.jspecify.annotations.Nullable;

/** Where a request entered the application: what a dead letter must name so it can be replayed. */
record Origin(byte @Nullable [] key, String topic, int partition, long offset, long timestamp) {}
