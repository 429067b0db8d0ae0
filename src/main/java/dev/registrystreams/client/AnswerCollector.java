package dev.registrystreams.client;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the entries, config-changes and rejected topics (committed records only) and matches what
 * it reads to the request ids it waits for. Reads every partition from the beginning, without a
 * consumer group.
 */
public final class AnswerCollector implements AutoCloseable {

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final AvroSerde<ConfigChange> CHANGES = AvroSerde.of(ConfigChange.class);
  private static final AvroSerde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);

  private final TopicNames topics;
  private final KafkaConsumer<byte[], byte[]> consumer;

  public AnswerCollector(Properties clientProperties, TopicNames topics) {
    this.topics = topics;
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(topics.entries(), topics.configChanges(), topics.rejected())) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Reads until every id in {@code requestIds} has an answer and {@code unidentified} dead letters
   * without a request id have arrived, or until {@code timeout}. Answers for other requests are
   * ignored. Returns what it has either way: the caller compares.
   */
  public Answers collect(Set<String> requestIds, int unidentified, Duration timeout) {
    Answers answers = new Answers();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline
        && (answers.entries.size() + answers.deadLetters.size() < requestIds.size()
            || answers.unidentified.size() < unidentified)) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        accept(record, requestIds, answers);
      }
    }
    return answers;
  }

  private void accept(ConsumerRecord<byte[], byte[]> record, Set<String> ids, Answers answers) {
    if (record.topic().equals(topics.entries())) {
      RegistryEntry entry = ENTRIES.decode(record.value());
      if (ids.contains(entry.getRequestId())) {
        answered(answers, entry.getRequestId());
        answers.entries.put(entry.getRequestId(), entry);
      }
    } else if (record.topic().equals(topics.configChanges())) {
      ConfigChange change = CHANGES.decode(record.value());
      if (ids.contains(change.getRequestId())) {
        answers.changes.add(change);
      }
    } else {
      DeadLetter letter = DEAD_LETTERS.decode(record.value());
      if (letter.getRequestId() == null) {
        answers.unidentified.add(letter);
        answers.lastArrivalNanos = System.nanoTime();
      } else if (ids.contains(letter.getRequestId())) {
        answered(answers, letter.getRequestId());
        answers.deadLetters.put(letter.getRequestId(), letter);
      }
    }
  }

  private static void answered(Answers answers, String requestId) {
    if (answers.entries.containsKey(requestId) || answers.deadLetters.containsKey(requestId)) {
      answers.duplicates++;
    }
    answers.lastArrivalNanos = System.nanoTime();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
