package dev.registrystreams.http;

import dev.registrystreams.topology.EntryKeyPartitioner;
import dev.registrystreams.topology.RegistryTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this instance's partitions of the entries store through interactive queries (IQv2), always
 * from the active task: a partition that is restoring, a standby, or not here is a 503, never an
 * empty answer.
 */
final class LocalEntries {

  /** One partition's entries in id order, and whether it has more than were read. */
  record Page(List<KeyValue<String, byte[]>> entries, boolean more) {}

  static final Duration RETRY = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(LocalEntries.class);

  private final KafkaStreams streams;

  LocalEntries(KafkaStreams streams) {
    this.streams = streams;
  }

  /** The stored entry of {@code id}, in its partition; null when there is none. */
  byte @Nullable [] get(String id, int partition) {
    return run(KeyQuery.<String, byte[]>withKey(id), partition);
  }

  /**
   * Up to {@code max} entries of {@code partition} after {@code after} (exclusive; null for the
   * start) from {@code from} to {@code to} (inclusive; null for open) that {@code keep}, in id
   * order.
   *
   * <p>Only ids that belong to {@code partition} are kept: a Redis store sees the keys of every
   * partition (they share one keyspace), and each must be answered by the task that owns it.
   */
  Page page(
      int partition,
      int numPartitions,
      @Nullable String after,
      @Nullable String from,
      @Nullable String to,
      Predicate<String> keep,
      int max) {
    String lower = from;
    if (after != null && (lower == null || after.compareTo(lower) > 0)) {
      lower = after;
    }
    RangeQuery<String, byte[]> range = RangeQuery.<String, byte[]>withRange(lower, to);
    List<KeyValue<String, byte[]>> out = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = run(range.withAscendingKeys(), partition)) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> next = it.next();
        if ((after != null && next.key.compareTo(after) <= 0)
            || EntryKeyPartitioner.partitionOf(next.key, numPartitions) != partition
            || !keep.test(next.key)) {
          continue;
        }
        if (out.size() == max) {
          return new Page(out, true);
        }
        out.add(next);
      }
    }
    return new Page(out, false);
  }

  /** The number of entries of {@code partition} per scope (the id's first part). */
  Map<String, Long> countByScope(int partition, int numPartitions) {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (KeyValueIterator<String, byte[]> it =
        run(RangeQuery.<String, byte[]>withNoBounds(), partition)) {
      while (it.hasNext()) {
        String id = it.next().key;
        if (EntryKeyPartitioner.partitionOf(id, numPartitions) == partition) {
          counts.merge(EntryIds.scopeOf(id), 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  /**
   * The stored entry of {@code id} when this instance's active task holds {@code partition}; empty
   * when it has no such entry, or cannot say (the partition is elsewhere, restoring, or Kafka
   * Streams is not running). For the cache-hit path, where every doubt is a miss: no exception is
   * made for the common case of a partition another instance owns.
   */
  Optional<byte[]> getIfActiveHere(String id, int partition) {
    QueryResult<byte[]> result;
    try {
      result =
          streams
              .query(request(KeyQuery.<String, byte[]>withKey(id), partition))
              .getPartitionResults()
              .get(partition);
    } catch (InvalidStateStoreException | IllegalStateException e) {
      return Optional.empty();
    }
    if (result == null || result.isFailure()) {
      return Optional.empty();
    }
    return Optional.ofNullable(result.getResult());
  }

  private static <R> StateQueryRequest<R> request(Query<R> query, int partition) {
    return StateQueryRequest.inStore(RegistryTopology.ENTRIES_STORE)
        .withQuery(query)
        .withPartitions(Set.of(partition))
        .requireActive();
  }

  private <R> R run(Query<R> query, int partition) {
    QueryResult<R> result;
    try {
      result = streams.query(request(query, partition)).getPartitionResults().get(partition);
    } catch (InvalidStateStoreException | IllegalStateException e) {
      // Not started, stopping, or rebalancing away: the state Kafka Streams is in says why.
      throw HttpProblem.notReady(
          "the entries store cannot be queried now: Kafka Streams is " + streams.state(), RETRY);
    }
    if (result == null) {
      throw notQueryable(partition, "NOT_PRESENT");
    }
    if (result.isFailure()) {
      switch (result.getFailureReason()) {
        case STORE_EXCEPTION -> {
          // The message may name the store's address or worse: it goes to the log, not the answer.
          log.warn(
              "Query of entries partition {} failed: {}", partition, result.getFailureMessage());
          throw HttpProblem.notReady(
              "partition " + partition + " of the entries store could not be read", RETRY);
        }
        case UNKNOWN_QUERY_TYPE ->
            throw new IllegalStateException(
                "the entries store does not answer " + query.getClass().getSimpleName());
        default -> throw notQueryable(partition, result.getFailureReason().name());
      }
    }
    return result.getResult();
  }

  private static HttpProblem notQueryable(int partition, String reason) {
    return HttpProblem.notReady(
        "partition "
            + partition
            + " of the entries store is not queryable on this instance ("
            + reason
            + "): it is restoring or moving between instances",
        RETRY);
  }
}
