package dev.registrystreams.client;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads the registry from its topics (committed records only, no consumer group): every current
 * entry, or the current entry of one dedup key, from the compacted entries topic, and the change
 * events of an entry id from the config-changes topic.
 *
 * <p>Every read goes from the beginning of the partitions it needs to the end offsets they have
 * when the read starts (with read_committed, the last stable offsets: nothing open is waited for);
 * records written after that are not seen. The entries topic carries one answer per accepted
 * request, UNCHANGED ones included, and every answer carries the whole current entry, so the last
 * record of a key is its entry; a null value (a tombstone) removes the key.
 *
 * <p>Both topics are written with string keys and the producer's default partitioning (murmur2 of
 * the key bytes), so one key lives in one partition, and a read for one key reads only that one.
 */
public final class RegistryReader implements AutoCloseable {

  /** Told how far a read is: offsets read so far and offsets to read, over its partitions. */
  @FunctionalInterface
  public interface Listener {
    /** Is told nothing. */
    Listener NONE = (read, total) -> {};

    void progress(long read, long total);
  }

  /** Every current entry by dedup key, the records read and those that could not be decoded. */
  public record Snapshot(
      Map<String, RegistryEntry> byKey, long records, List<String> undecodable) {}

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final AvroSerde<ConfigChange> CHANGES = AvroSerde.of(ConfigChange.class);

  private final TopicNames topics;
  private final Duration timeout;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private Listener listener = Listener.NONE;

  /**
   * @param timeout how long each read may take in all, and each wait for metadata or offsets
   */
  public RegistryReader(Properties clientProperties, TopicNames topics, Duration timeout) {
    this.topics = topics;
    this.timeout = timeout;
    this.consumer =
        new KafkaConsumer<>(
            ReadCommitted.consumerProperties(clientProperties),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
  }

  /** Tells {@code listener} after every poll of the reads that follow how far they are. */
  public RegistryReader progress(Listener listener) {
    this.listener = listener;
    return this;
  }

  /**
   * Every current entry: the whole entries topic, the last record of every key. Records that are
   * not {@code RegistryEntry} records are skipped and listed as {@code topic-partition@offset}.
   *
   * @throws MissingTopicException when the entries topic does not exist
   * @throws TimeoutException when the end is not reached within the timeout
   */
  public Snapshot currentEntries() {
    String topic = topics.entries();
    List<TopicPartition> partitions = new ArrayList<>();
    partitions(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    Map<String, RegistryEntry> byKey = new HashMap<>();
    List<String> undecodable = new ArrayList<>();
    long records =
        read(
            partitions,
            record -> {
              String key =
                  record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
              if (record.value() == null) {
                byKey.remove(key);
                return;
              }
              try {
                byKey.put(key, ENTRIES.decode(record.value()));
              } catch (SerializationException e) {
                undecodable.add(record.topic() + "-" + record.partition() + "@" + record.offset());
              }
            });
    return new Snapshot(byKey, records, undecodable);
  }

  /**
   * The current entry of {@code dedupKeyHex}: the last record with that key on the entries topic,
   * or empty when there is none or the last one is a tombstone.
   *
   * @throws MissingTopicException when the entries topic does not exist
   */
  public Optional<RegistryEntry> latestEntry(String dedupKeyHex) {
    RegistryEntry[] latest = new RegistryEntry[1];
    readKey(
        topics.entries(),
        dedupKeyHex,
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
    readKey(
        topics.configChanges(),
        entryId,
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
  private void readKey(String topic, String key, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    int partition = Utils.toPositive(Utils.murmur2(bytes)) % partitions(topic).size();
    read(
        List.of(new TopicPartition(topic, partition)),
        record -> {
          if (Arrays.equals(record.key(), bytes)) {
            sink.accept(record);
          }
        });
  }

  private List<PartitionInfo> partitions(String topic) {
    List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
    if (partitions == null || partitions.isEmpty()) {
      throw new MissingTopicException(topic);
    }
    return partitions;
  }

  /**
   * Hands every record of {@code partitions} from their beginning to the end offsets they have now
   * to {@code sink}, and returns how many there were.
   */
  private long read(
      List<TopicPartition> partitions, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    consumer.assign(partitions);
    try {
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
      long total = 0;
      for (TopicPartition p : partitions) {
        total += Math.max(0, offset(end, p) - offset(begin, p));
      }
      long records = 0;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long read = 0;
        boolean atEnd = true;
        for (TopicPartition p : partitions) {
          long position = consumer.position(p, timeout);
          atEnd &= position >= offset(end, p);
          read += Math.max(0, Math.min(position, offset(end, p)) - offset(begin, p));
        }
        listener.progress(read, total);
        if (atEnd) {
          return records;
        }
        if (System.nanoTime() > deadline) {
          throw new TimeoutException(
              "did not reach the end of "
                  + partitions.get(0).topic()
                  + " within "
                  + timeout.toSeconds()
                  + " s");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset()
              < offset(end, new TopicPartition(record.topic(), record.partition()))) {
            records++; // not the ones written after the read started
            sink.accept(record);
          }
        }
      }
    } finally {
      consumer.unsubscribe();
    }
  }

  /** The offset of {@code partition} in offsets the consumer gave for every partition asked. */
  private static long offset(Map<TopicPartition, Long> offsets, TopicPartition partition) {
    return Objects.requireNonNull(offsets.get(partition));
  }

  @Override
  public void close() {
    consumer.close();
  }
}
