package dev.registrystreams.client;

import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.topology.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The registry as it stands: reads the compacted entries topic from the beginning to its end
 * offsets (committed records only, no consumer group) and keeps the last record of every key.
 *
 * <p>The topic carries one answer per accepted request, UNCHANGED ones included; every answer
 * carries the whole current entry, so the last one per key is the entry. A null value (a tombstone)
 * removes the key.
 */
public final class CurrentEntries {

  /** The current entries by dedup key, and the records that could not be decoded. */
  public record Snapshot(
      Map<String, RegistryEntry> byKey, long records, List<String> undecodable) {}

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);

  /** Told how far the read is: offsets read so far and offsets to read, over all partitions. */
  @FunctionalInterface
  public interface Listener {
    void progress(long read, long total);
  }

  private CurrentEntries() {}

  /**
   * Reads {@code topic} up to the end offsets it has when the read starts.
   *
   * @param progress told after every poll
   * @throws IllegalStateException when the topic does not exist or the end is not reached within
   *     {@code timeout}
   */
  public static Snapshot read(
      Properties clientProperties, String topic, Duration timeout, Listener progress) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist");
      }
      List<TopicPartition> partitions = new ArrayList<>();
      infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // With read_committed these are the last stable offsets: nothing open is waited for.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
      long total = 0;
      for (TopicPartition p : partitions) {
        total += Math.max(0, end.get(p) - begin.get(p));
      }

      Map<String, RegistryEntry> byKey = new HashMap<>();
      List<String> undecodable = new ArrayList<>();
      long records = 0;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reachedEnd(consumer, end, timeout)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "did not reach the end of " + topic + " within " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
            continue; // written after the read started
          }
          records++;
          String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
          if (record.value() == null) {
            byKey.remove(key);
            continue;
          }
          try {
            byKey.put(key, ENTRIES.decode(record.value()));
          } catch (SerializationException e) {
            undecodable.add(record.topic() + "-" + record.partition() + "@" + record.offset());
          }
        }
        long read = 0;
        for (TopicPartition p : partitions) {
          read += Math.max(0, Math.min(consumer.position(p, timeout), end.get(p)) - begin.get(p));
        }
        progress.progress(read, total);
      }
      return new Snapshot(byKey, records, undecodable);
    }
  }

  private static boolean reachedEnd(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end, Duration timeout) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), timeout) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
