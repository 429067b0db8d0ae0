package dev.registrystreams.client;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads the registry from its topics (committed records only, no consumer group): the current entry
 * of a dedup key from the compacted entries topic, and the change events of an entry id from the
 * config-changes topic.
 *
 * <p>Both topics are written with string keys and the producer's default partitioning (murmur2 of
 * the key bytes), so one key lives in one partition, and only that partition is read, from its
 * beginning to the end offset taken when the read starts.
 */
public final class RegistryReader implements AutoCloseable {

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final AvroSerde<ConfigChange> CHANGES = AvroSerde.of(ConfigChange.class);

  private final TopicNames topics;
  private final Duration timeout;
  private final KafkaConsumer<byte[], byte[]> consumer;

  public RegistryReader(Properties clientProperties, TopicNames topics, Duration timeout) {
    this.topics = topics;
    this.timeout = timeout;
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * The current entry of {@code dedupKeyHex}: the last record with that key on the entries topic,
   * or empty when there is none or the last one is a tombstone.
   *
   * @throws MissingTopicException when the entries topic does not exist
   */
  public Optional<RegistryEntry> latestEntry(String dedupKeyHex) {
    byte[] key = dedupKeyHex.getBytes(StandardCharsets.UTF_8);
    RegistryEntry[] latest = new RegistryEntry[1];
    read(
        topics.entries(),
        key,
        record -> latest[0] = record.value() == null ? null : ENTRIES.decode(record.value()));
    return Optional.ofNullable(latest[0]);
  }

  /**
   * The change events of {@code entryId} in the order they were written; only those of {@code
   * dedupKeyHex}, should another key ever share the id.
   *
   * @throws MissingTopicException when the config-changes topic does not exist
   */
  public List<ConfigChange> changes(String entryId, String dedupKeyHex) {
    List<ConfigChange> out = new ArrayList<>();
    read(
        topics.configChanges(),
        entryId.getBytes(StandardCharsets.UTF_8),
        record -> {
          if (record.value() != null) {
            ConfigChange change = CHANGES.decode(record.value());
            if (change.getDedupKey().equals(dedupKeyHex)) {
              out.add(change);
            }
          }
        });
    return out;
  }

  /** Hands every record with {@code key} in its partition of {@code topic} to {@code sink}. */
  private void read(String topic, byte[] key, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
    if (partitions.isEmpty()) {
      throw new MissingTopicException(topic);
    }
    TopicPartition partition =
        new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % partitions.size());
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (consumer.position(partition, timeout) < end) {
      if (System.nanoTime() > deadline) {
        throw new org.apache.kafka.common.errors.TimeoutException(
            "reading " + partition + " took longer than " + timeout.toSeconds() + " s");
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() < end && Arrays.equals(record.key(), key)) {
          sink.accept(record);
        }
      }
    }
    consumer.unsubscribe();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
