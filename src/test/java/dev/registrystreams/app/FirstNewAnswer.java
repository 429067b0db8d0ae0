package dev.registrystreams.app;

import dev.registrystreams.topology.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;

/**
 * Waits for the first answer (entry or dead letter) committed after a moment taken with {@link
 * #markEnd()}: call it once the killed instance is gone, and the next answer anyone can read comes
 * from its successor, whatever request it answers.
 */
final class FirstNewAnswer implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> committed;
  private final KafkaConsumer<byte[], byte[]> uncommitted;
  private final List<TopicPartition> partitions = new ArrayList<>();

  FirstNewAnswer(Properties client, TopicNames topics) {
    committed = consumer(client, IsolationLevel.READ_COMMITTED);
    uncommitted = consumer(client, IsolationLevel.READ_UNCOMMITTED);
    for (String topic : List.of(topics.entries(), topics.rejected())) {
      committed
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    committed.assign(partitions);
  }

  /**
   * Starts reading at the high watermark, not the last stable offset: records of a transaction the
   * killed instance committed just before it died may lie behind an open (later aborted) one, past
   * the last stable offset, and must not count as its successor's.
   */
  void markEnd() {
    Map<TopicPartition, Long> ends = uncommitted.endOffsets(partitions, Duration.ofSeconds(30));
    ends.forEach(committed::seek);
  }

  /** Returns once a committed answer past the mark can be read. */
  void await(Duration timeout) {
    Awaitility.await("the first answer committed after the restart")
        .atMost(timeout)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .until(() -> !committed.poll(Duration.ofMillis(100)).isEmpty());
  }

  @Override
  public void close() {
    committed.close();
    uncommitted.close();
  }

  private static KafkaConsumer<byte[], byte[]> consumer(
      Properties client, IsolationLevel isolation) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
