package dev.registrystreams.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.client.ReadCommitted;
import dev.registrystreams.topology.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One feed client's reader of the config-changes topic: its own consumer (committed records only,
 * no group, every partition assigned), the client's position, and the messages it owes the client,
 * formatted. Used by one thread; only {@link #wakeup()} may be called from another.
 *
 * <p>The position is the next offset of every partition. Each event's id is the position right
 * after it: every record before it in each partition has been sent or filtered out, none after, so
 * a client continuing from that id gets every later event once. Offsets that hold no event
 * (transaction markers, aborted records) and filtered-out events move the position too; keep-alive
 * messages carry it then.
 */
final class FeedReader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FeedReader.class);
  private static final AvroSerde<ConfigChange> CHANGES = AvroSerde.of(ConfigChange.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

  /** How long opening may wait for the topic's metadata and offsets. */
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

  private static final Comparator<TopicPartition> BY_TOPIC_AND_PARTITION =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final ChangeFilter filter;
  private final TreeMap<Integer, Long> next = new TreeMap<>();
  private final List<String> pending = new ArrayList<>();
  // Null until the opening message is made.
  private @Nullable String lastSentId;

  private FeedReader(KafkaConsumer<byte[], byte[]> consumer, String topic, ChangeFilter filter) {
    this.consumer = consumer;
    this.topic = topic;
    this.filter = filter;
  }

  /**
   * A reader placed where {@code request} asks: after its position (a reset message first for
   * partitions where that position is no longer held), or at the start or end of the topic.
   *
   * @throws HttpProblem 503 when the topic does not exist or Kafka does not answer in time
   */
  static FeedReader open(FeedSource source, FeedRequest request) {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProperties(source.clientProperties()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    FeedReader reader = new FeedReader(consumer, source.topic(), request.filter());
    try {
      reader.place(request);
      return reader;
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      reader.close();
      throw HttpProblem.notReady(
          "Kafka did not answer within " + METADATA_TIMEOUT.toSeconds() + " s",
          Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  private static Properties consumerProperties(Properties client) {
    Properties props = ReadCommitted.consumerProperties(client);
    // The feed resets nothing silently: records deleted under it are a reset message.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    // A client's buffer holds a few MiB; the consumer need not fetch more than that ahead.
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    props.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
    props.put(
        ConsumerConfig.CLIENT_ID_CONFIG,
        "registry-streams-change-feed-" + CLIENT_IDS.incrementAndGet());
    return props;
  }

  private void place(FeedRequest request) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
    if (infos.isEmpty()) {
      throw HttpProblem.notReady(
          "the config-changes topic " + topic + " does not exist yet", Duration.ofSeconds(5));
    }
    List<TopicPartition> partitions = new ArrayList<>();
    infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    consumer.assign(partitions);
    if (request.after() == null) {
      if (request.fromEarliest()) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
    } else {
      continueAfter(request.after(), partitions);
    }
    refreshPositions(partitions);
  }

  /**
   * Seeks every partition to the position's offset; a partition the position does not know (added
   * since) to its beginning; a partition whose offset is no longer held to its earliest record,
   * with a reset message.
   */
  private void continueAfter(FeedPosition after, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> earliest = consumer.beginningOffsets(partitions, METADATA_TIMEOUT);
    Map<TopicPartition, Long> latest = consumer.endOffsets(partitions, METADATA_TIMEOUT);
    Map<TopicPartition, Long> lost = new TreeMap<>(FeedReader::byPartition);
    for (TopicPartition partition : partitions) {
      Long offset = after.nextOffsets().get(partition.partition());
      // The consumer answers for every partition it is asked about.
      long first = Objects.requireNonNull(earliest.get(partition), "no beginning offset");
      if (offset == null) {
        consumer.seek(partition, first);
      } else if (offset < first
          || offset > Objects.requireNonNull(latest.get(partition), "no end offset")) {
        lost.put(partition, offset);
        consumer.seek(partition, first);
      } else {
        consumer.seek(partition, offset);
      }
    }
    if (!lost.isEmpty()) {
      refreshPositions(partitions);
      pending.add(reset(lost, earliest, latest));
    }
  }

  /** The first message: the retry interval and the starting position. */
  String opening(Duration retry) {
    lastSentId = positionId();
    return SseFrames.opening(retry.toMillis(), lastSentId);
  }

  /**
   * The messages of the next records, waiting up to {@code timeout} for some: events that pass the
   * filter, and reset messages where records were deleted before they were read.
   */
  List<String> poll(Duration timeout) {
    List<String> frames = new ArrayList<>(pending);
    pending.clear();
    try {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
        next.put(record.partition(), record.offset() + 1);
        ConfigChange change = decode(record);
        if (change != null && filter.matches(change)) {
          lastSentId = positionId();
          frames.add(SseFrames.event("config-change", lastSentId, ChangeJson.line(change)));
        }
      }
      refreshPositions(consumer.assignment());
    } catch (OffsetOutOfRangeException e) {
      frames.add(resetAfterDeletion(e.offsetOutOfRangePartitions()));
    }
    return frames;
  }

  /** A keep-alive comment, with the position if it moved since the last id sent. */
  String keepAlive() {
    String id = positionId();
    if (id.equals(lastSentId)) {
      return SseFrames.keepAlive(null);
    }
    lastSentId = id;
    return SseFrames.keepAlive(id);
  }

  /** Starts reading partitions added to the topic since, from their beginning. */
  void addNewPartitions() {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, Duration.ofSeconds(1));
    } catch (KafkaException e) {
      return; // Looked at again at the next keep-alive.
    }
    List<TopicPartition> added = new ArrayList<>();
    for (PartitionInfo info : infos) {
      if (!next.containsKey(info.partition())) {
        added.add(new TopicPartition(topic, info.partition()));
      }
    }
    if (added.isEmpty()) {
      return;
    }
    List<TopicPartition> all = new ArrayList<>(consumer.assignment());
    all.addAll(added);
    consumer.assign(all);
    consumer.seekToBeginning(added);
    refreshPositions(added);
  }

  /** Makes a {@link #poll} in another thread return at once. */
  void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }

  private String resetAfterDeletion(Map<TopicPartition, Long> fetchOffsets) {
    List<TopicPartition> partitions = new ArrayList<>(fetchOffsets.keySet());
    Map<TopicPartition, Long> earliest = consumer.beginningOffsets(partitions, METADATA_TIMEOUT);
    Map<TopicPartition, Long> latest = consumer.endOffsets(partitions, METADATA_TIMEOUT);
    consumer.seekToBeginning(partitions);
    refreshPositions(partitions);
    // TopicPartition is not Comparable: without a comparator the first put throws.
    Map<TopicPartition, Long> lost = new TreeMap<>(BY_TOPIC_AND_PARTITION);
    lost.putAll(fetchOffsets);
    return reset(lost, earliest, latest);
  }

  /** A reset message for partitions where the position's records are no longer held. */
  private String reset(
      Map<TopicPartition, Long> lost,
      Map<TopicPartition, Long> earliest,
      Map<TopicPartition, Long> latest) {
    ObjectNode data = JSON.createObjectNode();
    data.put(
        "reason",
        "events after this position are no longer on the topic (deleted by retention, or the topic"
            + " was recreated); continuing from the earliest events it holds");
    ArrayNode list = data.putArray("partitions");
    lost.forEach(
        (partition, offset) ->
            list.addObject()
                .put("partition", partition.partition())
                .put("requested", offset)
                .put("earliest", earliest.get(partition))
                .put("latest", latest.get(partition)));
    lastSentId = positionId();
    return SseFrames.event("reset", lastSentId, data.toString());
  }

  private void refreshPositions(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      next.put(partition.partition(), consumer.position(partition, METADATA_TIMEOUT));
    }
  }

  private String positionId() {
    return FeedPosition.of(next).encode();
  }

  private @Nullable ConfigChange decode(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return null;
    }
    try {
      return CHANGES.decode(record.value());
    } catch (SerializationException e) {
      log.warn(
          "change feed: skipping {}-{}@{}, not a ConfigChange record",
          record.topic(),
          record.partition(),
          record.offset());
      return null;
    }
  }

  private static int byPartition(TopicPartition a, TopicPartition b) {
    return Integer.compare(a.partition(), b.partition());
  }
}
