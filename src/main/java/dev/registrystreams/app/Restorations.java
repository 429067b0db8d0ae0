package dev.registrystreams.app;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * The store partitions this instance is restoring from their changelogs right now: while any is,
 * the instance is not ready, and a lookup of a key in one of them could answer from partial state.
 */
public final class Restorations implements StateRestoreListener {

  /** One partition being restored: its store, changelog partition and progress. */
  public record Restoration(
      String store, String changelog, int partition, long restored, long total) {}

  private final Map<TopicPartition, Restoration> active = new ConcurrentHashMap<>();

  @Override
  public void onRestoreStart(
      TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
    active.put(
        partition,
        new Restoration(
            storeName,
            partition.topic(),
            partition.partition(),
            0,
            Math.max(0, endingOffset - startingOffset)));
  }

  @Override
  public void onBatchRestored(
      TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
    active.computeIfPresent(
        partition,
        (p, r) ->
            new Restoration(
                r.store(), r.changelog(), r.partition(), r.restored() + numRestored, r.total()));
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
    active.remove(partition);
  }

  @Override
  public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
    // The task moved to another instance before its restoration ended.
    active.remove(partition);
  }

  /** The partitions being restored, sorted by changelog and partition. */
  public List<Restoration> active() {
    return active.values().stream()
        .sorted(
            java.util.Comparator.comparing(Restoration::changelog)
                .thenComparingInt(Restoration::partition))
        .toList();
  }

  public boolean restoring() {
    return !active.isEmpty();
  }
}
