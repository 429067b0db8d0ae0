package dev.registrystreams.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The partition of an entry id in the entries store (and its changelog and repartition topic), for
 * a caller that has the id as the key: interactive queries find a key's owner with it. The
 * topology's {@link EntryIdPartitioner} takes the id from the value and gives the same partition.
 */
public final class EntryKeyPartitioner implements StreamPartitioner<String, Object> {

  /** The partition of {@code entryId} among {@code numPartitions}. */
  public static int partitionOf(String entryId, int numPartitions) {
    byte[] id = entryId.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(id)) % numPartitions;
  }

  @Override
  public Optional<Set<Integer>> partitions(
      String topic, String entryId, Object value, int numPartitions) {
    return Optional.of(Set.of(partitionOf(entryId, numPartitions)));
  }
}
