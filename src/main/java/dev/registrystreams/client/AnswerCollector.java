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
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the entries, config-changes and rejected topics (committed records only) and matches what
 * it reads to the request ids it waits for, without a consumer group. It starts either at the
 * beginning of every partition, or at the end offsets it takes when it is created: create it
 * <em>before</em> sending, and it sees every answer to what is sent afterwards without reading the
 * history.
 */
public final class AnswerCollector implements AutoCloseable {

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final AvroSerde<ConfigChange> CHANGES = AvroSerde.of(ConfigChange.class);
  private static final AvroSerde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);

  /** Where reading starts. */
  public enum StartAt {
    /** The beginning of every partition: sees every answer ever given. */
    BEGINNING,
    /**
     * The end offsets (last stable offsets, under read_committed) when the collector is created:
     * sees every answer committed after that, so create it before sending.
     */
    END
  }

  private final TopicNames topics;
  private final KafkaConsumer<byte[], byte[]> consumer;

  /** A collector that reads from the beginning; see {@link StartAt#BEGINNING}. */
  public AnswerCollector(Properties clientProperties, TopicNames topics) {
    this(clientProperties, topics, StartAt.BEGINNING, Duration.ofSeconds(30));
  }

  /**
   * A collector that starts at {@code start}; with {@link StartAt#END} the end offsets are taken
   * here, before the constructor returns.
   *
   * @param metadataTimeout how long to wait for the topics' metadata and offsets
   * @throws MissingTopicException when one of the three topics does not exist
   */
  public AnswerCollector(
      Properties clientProperties, TopicNames topics, StartAt start, Duration metadataTimeout) {
    this.topics = topics;
    this.consumer =
        new KafkaConsumer<>(
            ReadCommitted.consumerProperties(clientProperties),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(topics.entries(), topics.configChanges(), topics.rejected())) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, metadataTimeout);
        if (infos.isEmpty()) {
          throw new MissingTopicException(topic);
        }
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      if (start == StartAt.BEGINNING) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: fix the positions now, before the caller sends anything.
        for (TopicPartition partition : partitions) {
          consumer.position(partition, metadataTimeout);
        }
      }
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /**
   * Checks that {@code topic} exists, with the collector's consumer.
   *
   * @throws MissingTopicException when it does not
   */
  public void requireTopic(String topic, Duration timeout) {
    if (consumer.partitionsFor(topic, timeout).isEmpty()) {
      throw new MissingTopicException(topic);
    }
  }

  /**
   * Like {@link #collect(Set, int, Duration)}, telling {@code progress} the number of answers so
   * far whenever it grows.
   */
  public Answers collect(
      Set<String> requestIds, int unidentified, Duration timeout, IntConsumer progress) {
    Answers answers = new Answers();
    read(answers, requestIds, unidentified, timeout, null, progress);
    return answers;
  }

  /**
   * Reads until every id in {@code requestIds} has an answer and {@code unidentified} dead letters
   * without a request id have arrived, or until {@code timeout}. Answers for other requests are
   * ignored. Returns what it has either way: the caller compares.
   */
  public Answers collect(Set<String> requestIds, int unidentified, Duration timeout) {
    return collect(requestIds, unidentified, timeout, count -> {});
  }

  /**
   * Like {@link #collect(Set, int, Duration)}, but also gives up once no answer to any of the
   * requests has arrived for {@code quiet}: a large run whose answers stopped coming fails in a
   * minute instead of waiting out a timeout sized for its drain.
   */
  public Answers collect(
      Set<String> requestIds, int unidentified, Duration timeout, Duration quiet) {
    Answers answers = new Answers();
    read(answers, requestIds, unidentified, timeout, quiet, count -> {});
    return answers;
  }

  /**
   * Goes on reading into {@code answers} for {@code duration}, however complete they are already:
   * an answer that arrives for a request answered before counts in {@link Answers#duplicates()}. A
   * second answer would be committed right behind the first, so reading on for a moment after a
   * {@code collect} catches it.
   */
  public void readOn(Answers answers, Set<String> requestIds, Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        accept(record, requestIds, answers);
      }
    }
  }

  private void read(
      Answers answers,
      Set<String> requestIds,
      int unidentified,
      Duration timeout,
      @Nullable Duration quiet,
      IntConsumer progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastGrowth = System.nanoTime();
    int reported = 0;
    while (System.nanoTime() < deadline
        && (quiet == null || System.nanoTime() - lastGrowth < quiet.toNanos())
        && (answers.entries.size() + answers.deadLetters.size() < requestIds.size()
            || answers.unidentified.size() < unidentified)) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        accept(record, requestIds, answers);
      }
      if (answers.total() != reported) {
        reported = answers.total();
        lastGrowth = System.nanoTime();
        progress.accept(reported);
      }
    }
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
    long now = System.nanoTime();
    if (answers.entries.containsKey(requestId) || answers.deadLetters.containsKey(requestId)) {
      answers.duplicates++;
    } else {
      answers.arrivalNanos.put(requestId, now);
    }
    answers.lastArrivalNanos = now;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
