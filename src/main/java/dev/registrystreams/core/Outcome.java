package dev.registrystreams.core;

/** What resolving a request did to its entry. */
public enum Outcome {
  CREATED,
  UPDATED,
  UNCHANGED
}
