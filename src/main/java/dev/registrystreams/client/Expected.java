package dev.registrystreams.client;

/** The answer a request of a generated workload must get. */
public enum Expected {
  CREATED,
  UPDATED,
  UNCHANGED,
  REJECTED
}
