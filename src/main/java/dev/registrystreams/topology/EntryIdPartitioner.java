package dev.registrystreams.topology;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the repartition topic by entry id rather than by the full dedup key, so that two dedup
 * keys whose ids collide meet in the same task, where the collision can be seen. One dedup key
 * always has one id, so one task still owns each key.
 */
final class EntryIdPartitioner implements StreamPartitioner<String, RepartitionedRequest> {

  @Override
  public Optional<Set<Integer>> partitions(
      String topic, String dedupKey, RepartitionedRequest value, int numPartitions) {
    return Optional.of(Set.of(EntryKeyPartitioner.partitionOf(value.entryId(), numPartitions)));
  }
}
