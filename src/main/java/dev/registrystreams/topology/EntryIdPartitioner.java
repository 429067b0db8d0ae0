package dev.registrystreams.topology;

import dev.registrystreams.avro.internal.AcceptedRequest;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the repartition topic by entry id rather than by the full dedup key, so that two dedup
 * keys whose ids collide meet in the same task, where the collision can be seen. One dedup key
 * always has one id, so one task still owns each key.
 */
final class EntryIdPartitioner implements StreamPartitioner<String, AcceptedRequest> {

  @Override
  public Optional<Set<Integer>> partitions(
      String topic, String dedupKey, AcceptedRequest value, int numPartitions) {
    return Optional.of(
        Set.of(EntryKeyPartitioner.partitionOf(value.getEntryId().toString(), numPartitions)));
  }
}
