package dev.registrystreams.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic, every partition from the beginning up to the end offsets taken when the read
 * starts, without a consumer group. Records come back in partition order, partition by partition
 * interleaved as the consumer returned them.
 */
public final class TopicReader {

  private static final Duration READ_LIMIT = Duration.ofSeconds(60);

  private TopicReader() {}

  /** Committed records only: what a read_committed consumer (a downstream reader) sees. */
  public static List<ConsumerRecord<byte[], byte[]>> committed(String bootstrap, String topic) {
    return read(bootstrap, topic, IsolationLevel.READ_COMMITTED);
  }

  /** Every record the broker holds, aborted transactions included. */
  public static List<ConsumerRecord<byte[], byte[]>> everything(String bootstrap, String topic) {
    return read(bootstrap, topic, IsolationLevel.READ_UNCOMMITTED);
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(
      String bootstrap, String topic, IsolationLevel isolation) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw new AssertionError("topic " + topic + " does not exist");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // For read_committed these are the last stable offsets.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + READ_LIMIT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "could not read " + topic + " up to " + end + " within " + READ_LIMIT);
        }
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      return records;
    }
  }
}
