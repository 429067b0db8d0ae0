package dev.registrystreams.client;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.RegistryEntry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What came back for a set of requests: entries and dead letters by request id, and changes. */
public final class Answers {

  final Map<String, RegistryEntry> entries = new HashMap<>();
  final Map<String, DeadLetter> deadLetters = new HashMap<>();
  final List<DeadLetter> unidentified = new ArrayList<>();
  final List<ConfigChange> changes = new ArrayList<>();
  final Map<String, Long> arrivalNanos = new HashMap<>();
  int duplicates;
  long lastArrivalNanos;

  /** The entry that answered each request, by request id. */
  public Map<String, RegistryEntry> entries() {
    return entries;
  }

  /** The dead letter of each rejected request that could be decoded, by request id. */
  public Map<String, DeadLetter> deadLetters() {
    return deadLetters;
  }

  /** Dead letters of records that could not be decoded, so carry no request id. */
  public List<DeadLetter> unidentified() {
    return unidentified;
  }

  /** Config-change events caused by the requests, in arrival order. */
  public List<ConfigChange> changes() {
    return changes;
  }

  /** Answers that arrived for a request that had already been answered: must be 0. */
  public int duplicates() {
    return duplicates;
  }

  /** {@link System#nanoTime()} when each request's first answer arrived, by request id. */
  public Map<String, Long> arrivalNanos() {
    return arrivalNanos;
  }

  /** {@link System#nanoTime()} when the last answer arrived. */
  public long lastArrivalNanos() {
    return lastArrivalNanos;
  }

  /** Answered requests per outcome, dead letters counted as REJECTED. */
  public Map<Expected, Integer> countsByOutcome() {
    Map<Expected, Integer> counts = new EnumMap<>(Expected.class);
    for (Expected e : Expected.values()) {
      counts.put(e, 0);
    }
    entries
        .values()
        .forEach(e -> counts.merge(Expected.valueOf(e.getOutcome().name()), 1, Integer::sum));
    counts.merge(Expected.REJECTED, deadLetters.size() + unidentified.size(), Integer::sum);
    return counts;
  }

  /** Dead letters per reason code. */
  public Map<String, Integer> rejectionsByReason() {
    Map<String, Integer> counts = new TreeMap<>();
    deadLetters.values().forEach(d -> counts.merge(d.getReason(), 1, Integer::sum));
    unidentified.forEach(d -> counts.merge(d.getReason(), 1, Integer::sum));
    return counts;
  }

  public int total() {
    return entries.size() + deadLetters.size() + unidentified.size();
  }
}
