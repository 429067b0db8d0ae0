package dev.registrystreams.client;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply over Kafka for many concurrent callers through two clients: one long-lived
 * idempotent producer sends every request, one read-committed consumer (no group) reads the entries
 * and rejected topics from the end and hands each answer to the caller waiting for its request id.
 * What {@link RoundTrip} does per request with a producer and consumer of its own, here shared.
 *
 * <p>The consumer's positions are fixed before {@link #start} returns, and a caller is registered
 * before its request is sent, so no answer to a request sent through it can be missed.
 */
public final class SharedRoundTrip implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SharedRoundTrip.class);
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final AvroSerde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);

  /** A request id that is already waiting for its answer: two answers could not be told apart. */
  public static final class DuplicateRequestIdException extends RuntimeException {
    DuplicateRequestIdException(String requestId) {
      super("request id " + requestId + " is already waiting for its answer", null, false, false);
    }
  }

  /** More requests waiting for their answers than the bound allows. */
  public static final class TooManyWaitingException extends RuntimeException {
    TooManyWaitingException(int bound) {
      super(bound + " requests are waiting for their answers already", null, false, false);
    }
  }

  /** The request could not be sent (the broker refused it or was unreachable). */
  public static final class NotSentException extends RuntimeException {
    NotSentException(String message, @Nullable Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /**
   * Closed while the request's answer was still awaited: it was sent, and is answered on the topic.
   */
  public static final class StoppedException extends RuntimeException {
    StoppedException() {
      super("stopped before the answer came", null, false, false);
    }
  }

  /**
   * One request on its way: {@code sent} completes when the broker acknowledged it (or fails with a
   * {@link NotSentException}), {@code answer} when its answer was read.
   */
  public record Pending(
      String requestId, CompletableFuture<Void> sent, CompletableFuture<RoundTrip.Reply> answer) {}

  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TopicNames topics;
  private final int maxWaiting;
  private final Map<String, CompletableFuture<RoundTrip.Reply>> waiting = new ConcurrentHashMap<>();
  private final AtomicInteger waitingCount = new AtomicInteger();
  private final Thread reader;
  // Callers' continuations (writing an HTTP answer, say) run here, never on the reader thread,
  // which would otherwise read no answer while it writes one.
  private final java.util.concurrent.ExecutorService handOff;
  private final int handOffThreads;
  private volatile boolean closed;

  private SharedRoundTrip(
      KafkaProducer<byte[], byte[]> producer,
      KafkaConsumer<byte[], byte[]> consumer,
      TopicNames topics,
      int maxWaiting,
      String name) {
    this.producer = producer;
    this.consumer = consumer;
    this.topics = topics;
    this.maxWaiting = maxWaiting;
    this.reader = new Thread(this::readAnswers, name + "-answers");
    this.reader.setDaemon(true);
    AtomicInteger threads = new AtomicInteger();
    this.handOffThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.handOff =
        java.util.concurrent.Executors.newFixedThreadPool(
            handOffThreads,
            r -> {
              Thread t = new Thread(r, name + "-replies-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Creates the producer and the consumer, fixes the consumer's positions at the answer topics'
   * current ends, and starts reading.
   *
   * @param maxWaiting how many requests may wait for their answers at once
   * @throws MissingTopicException when the entries or rejected topic does not exist
   */
  public static SharedRoundTrip start(
      Properties clientProperties, TopicNames topics, int maxWaiting, Duration metadataTimeout) {
    Properties producerProps = new Properties();
    producerProps.putAll(clientProperties);
    producerProps.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // Callers wait for each answer: a linger would be latency added to every one, and concurrent
    // callers batch by themselves while a send is in flight.
    producerProps.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
    producerProps.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // A send blocks its caller's thread while metadata is missing or the buffer is full: briefly.
    producerProps.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    Properties consumerProps = ReadCommitted.consumerProperties(clientProperties);
    // Answers are small and wanted at once.
    consumerProps.put("fetch.max.wait.ms", "50");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    KafkaProducer<byte[], byte[]> producer = null;
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(topics.entries(), topics.rejected())) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, metadataTimeout);
        if (infos == null || infos.isEmpty()) {
          throw new MissingTopicException(topic);
        }
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      // seekToEnd is lazy: the positions are fixed here, before any request is sent.
      for (TopicPartition partition : partitions) {
        consumer.position(partition, metadataTimeout);
      }
      producer =
          new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
    SharedRoundTrip trip =
        new SharedRoundTrip(producer, consumer, topics, maxWaiting, "shared-round-trip");
    trip.reader.start();
    return trip;
  }

  /**
   * Registers {@code request} and sends it keyed by its dedup key, as {@code generate} does.
   *
   * @throws DuplicateRequestIdException when a request with its id is waiting already
   * @throws TooManyWaitingException when {@code maxWaiting} requests are waiting already
   */
  public Pending send(GenerationRequest request, byte[] key) {
    String id = request.getRequestId();
    if (closed) {
      throw new NotSentException("shutting down", null);
    }
    if (waitingCount.incrementAndGet() > maxWaiting) {
      waitingCount.decrementAndGet();
      throw new TooManyWaitingException(maxWaiting);
    }
    CompletableFuture<RoundTrip.Reply> answer = new CompletableFuture<>();
    if (waiting.putIfAbsent(id, answer) != null) {
      waitingCount.decrementAndGet();
      throw new DuplicateRequestIdException(id);
    }
    // Whoever completes or abandons the answer takes it out of the waiting map.
    answer.whenComplete((reply, error) -> forget(id, answer));
    CompletableFuture<Void> sent = new CompletableFuture<>();
    try {
      producer.send(
          new ProducerRecord<>(topics.requests(), key, REQUESTS.encode(request)),
          (metadata, error) -> {
            // Off the producer's I/O thread, which sends every other caller's request.
            if (error == null) {
              // Usually nobody waits on the acknowledgement (only ?timeout=0 does): completing it
              // here then runs nothing, and spares a hand-off per request.
              if (sent.getNumberOfDependents() == 0) {
                sent.complete(null);
              } else {
                handOff.execute(() -> sent.complete(null));
              }
            } else {
              NotSentException notSent =
                  new NotSentException(
                      "the request could not be sent: " + error.getMessage(), error);
              handOff.execute(
                  () -> {
                    sent.completeExceptionally(notSent);
                    answer.completeExceptionally(notSent);
                  });
            }
          });
    } catch (RuntimeException e) {
      NotSentException notSent =
          new NotSentException("the request could not be sent: " + e.getMessage(), e);
      sent.completeExceptionally(notSent);
      answer.completeExceptionally(notSent);
    }
    return new Pending(id, sent, answer);
  }

  /** Requests waiting for their answers now. */
  public int waiting() {
    return waitingCount.get();
  }

  private void forget(String id, CompletableFuture<RoundTrip.Reply> answer) {
    if (waiting.remove(id, answer)) {
      waitingCount.decrementAndGet();
    }
  }

  private void readAnswers() {
    while (!closed) {
      try {
        List<Runnable> answers = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (!waiting.isEmpty()) {
            accept(record, answers);
          }
        }
        handOff(answers);
      } catch (WakeupException e) {
        // close() woke it up.
      } catch (RuntimeException e) {
        if (closed) {
          break;
        }
        // A record that does not decode belongs to nobody waiting; anything else is retried.
        log.warn("Reading answers failed, reading on: {}", e.toString());
        try {
          Thread.sleep(200);
        } catch (InterruptedException interrupted) {
          break;
        }
      }
    }
  }

  /**
   * Completes a poll's answers on the hand-off threads, a few tasks per poll rather than one per
   * answer: each task is a wake-up of a thread, and a poll at a thousand answers a second holds
   * tens of them.
   */
  private void handOff(List<Runnable> answers) {
    if (answers.isEmpty()) {
      return;
    }
    int tasks = Math.min(answers.size(), handOffThreads);
    int per = (answers.size() + tasks - 1) / tasks;
    for (int from = 0; from < answers.size(); from += per) {
      List<Runnable> part = answers.subList(from, Math.min(answers.size(), from + per));
      handOff.execute(() -> part.forEach(Runnable::run));
    }
  }

  private void accept(ConsumerRecord<byte[], byte[]> record, List<Runnable> answers) {
    RoundTrip.Reply reply;
    String id;
    try {
      if (record.topic().equals(topics.entries())) {
        RegistryEntry entry = ENTRIES.decode(record.value());
        id = entry.getRequestId() == null ? null : entry.getRequestId().toString();
        reply = new RoundTrip.Answered(entry, false);
      } else {
        DeadLetter letter = DEAD_LETTERS.decode(record.value());
        id = letter.getRequestId() == null ? null : letter.getRequestId().toString();
        reply = new RoundTrip.Rejected(letter);
      }
    } catch (RuntimeException e) {
      log.debug(
          "An answer at {}-{}@{} does not decode: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString());
      return;
    }
    if (id == null) {
      return;
    }
    CompletableFuture<RoundTrip.Reply> answer = waiting.get(id);
    if (answer != null) {
      answers.add(() -> answer.complete(reply));
    }
  }

  /** The record key {@code generate} sends a request with: its dedup key in hex. */
  public static byte[] keyOf(String dedupKeyHex) {
    return dedupKeyHex.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Sends what the producer holds, stops reading and closes both clients; callers still waiting get
   * a {@link StoppedException} (their requests are answered on the topic all the same).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      producer.close(Duration.ofSeconds(10));
    } finally {
      consumer.wakeup();
      try {
        reader.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      consumer.close();
      StoppedException stopped = new StoppedException();
      waiting.values().forEach(answer -> answer.completeExceptionally(stopped));
      handOff.shutdown();
    }
  }
}
