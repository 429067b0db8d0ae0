package dev.registrystreams.load;

import dev.registrystreams.client.ReadCommitted;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads answers (committed records) from a topic on its own thread and records, for each, the time
 * from its request's send to its arrival here, split into a warm-up phase and a measured phase by
 * the send time.
 */
public final class LatencyCollector implements AutoCloseable {

  /** Counts and latencies (microseconds) of one phase. */
  public static final class Phase {
    private final Histogram latencyMicros = new Histogram(3_600_000_000L, 3);
    private long answers;
    private long firstArrivalNanos = Long.MAX_VALUE;
    private long lastArrivalNanos;

    public long answers() {
      return answers;
    }

    public Histogram latencyMicros() {
      return latencyMicros;
    }

    /** Answers per second between the first and the last answer of the phase. */
    public double throughput() {
      double seconds = seconds();
      return answers < 2 || seconds <= 0 ? 0 : (answers - 1) / seconds;
    }

    /** Time from the first to the last answer of the phase. */
    public double seconds() {
      return answers == 0 ? 0 : (lastArrivalNanos - firstArrivalNanos) / 1e9;
    }

    private void record(long latencyMicros, long arrivalNanos) {
      answers++;
      firstArrivalNanos = Math.min(firstArrivalNanos, arrivalNanos);
      lastArrivalNanos = Math.max(lastArrivalNanos, arrivalNanos);
      this.latencyMicros.recordValue(latencyMicros);
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final @Nullable LatencyLog log;
  private final Thread thread;
  private final Phase warmup = new Phase();
  private final Phase measured = new Phase();
  private volatile long measureFromNanos = Long.MAX_VALUE;
  private volatile boolean running = true;
  private long total;

  public LatencyCollector(Properties clientProperties, String topic) {
    this(clientProperties, topic, null);
  }

  /**
   * @param log where every latency also goes, by second of arrival; null for none. Close it after
   *     this collector.
   */
  public LatencyCollector(Properties clientProperties, String topic, @Nullable LatencyLog log) {
    this.log = log;
    Properties props = ReadCommitted.consumerProperties(clientProperties);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(topic, Duration.ofSeconds(30))
        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    consumer.poll(Duration.ZERO);
    thread = new Thread(this::run, "registry-bench-collector");
    thread.setDaemon(true);
    thread.start();
  }

  /** Requests sent from now on belong to the measured phase. */
  public void startMeasuring() {
    measureFromNanos = System.nanoTime();
  }

  private void run() {
    while (running) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
        long arrival = System.nanoTime();
        Header sent = record.headers().lastHeader(PacedSender.SENT_NANOS_HEADER);
        if (sent == null) {
          continue;
        }
        long sentNanos = ByteBuffer.wrap(sent.value()).getLong();
        long latencyMicros = Math.max(0, (arrival - sentNanos) / 1000);
        boolean inMeasuredPhase = sentNanos >= measureFromNanos;
        synchronized (this) {
          (inMeasuredPhase ? measured : warmup).record(latencyMicros, arrival);
          if (log != null) {
            log.record(inMeasuredPhase, latencyMicros, arrival);
          }
          total++;
          notifyAll();
        }
      }
    }
  }

  /** Waits until {@code expected} answers have arrived in all; false on timeout. */
  public synchronized boolean awaitAnswers(long expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (total < expected) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  public synchronized Phase warmup() {
    return warmup;
  }

  public synchronized Phase measured() {
    return measured;
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close();
  }
}
