package dev.registrystreams.topology;

/** Where a request entered the application: what a dead letter must name so it can be replayed. */
record Origin(byte[] key, String topic, int partition, long offset, long timestamp) {}
