package dev.registrystreams.load;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a {@link RequestStream} to the requests topic for a given time, at a fixed rate or as fast
 * as the producer takes them, stamping each record with its send time ({@link #SENT_NANOS_HEADER})
 * so that latency can be measured to the nanosecond from the answer, which carries the header on.
 */
public final class PacedSender implements AutoCloseable {

  /** Record header holding {@link System#nanoTime()} at send, 8 bytes big-endian. */
  public static final String SENT_NANOS_HEADER = "registry-bench-sent-nanos";

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public PacedSender(Properties clientProperties, String topic) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
    props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // One request in flight: a topic created a moment ago answers its first writes with
    // NOT_LEADER_OR_FOLLOWER, and with several batches in flight the retries were seen to end in
    // OutOfOrderSequenceException, failing a benchmark's backlog after 100,000 records.
    props.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    this.producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  /**
   * Sends for {@code duration}; {@code ratePerSecond} 0 means as fast as possible. Returns the
   * number of requests sent.
   */
  public long send(RequestStream requests, Duration duration, double ratePerSecond) {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    double nanosPerRequest = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
    long sent = 0;
    long now;
    while ((now = System.nanoTime()) < end) {
      if (nanosPerRequest > 0) {
        long due = start + (long) (sent * nanosPerRequest);
        if (due > now) {
          LockSupport.parkNanos(due - now);
          continue;
        }
      }
      send(requests.next());
      sent++;
    }
    flush();
    return sent;
  }

  private void send(RequestStream.Request request) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, request.key(), request.value());
    record
        .headers()
        .add(SENT_NANOS_HEADER, ByteBuffer.allocate(8).putLong(System.nanoTime()).array());
    producer.send(
        record,
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
  }

  private void flush() {
    producer.flush();
    if (failure.get() != null) {
      throw new IllegalStateException(
          "sending failed: " + failure.get().getMessage(), failure.get());
    }
  }

  /** Sends {@code count} requests as fast as the producer takes them; returns {@code count}. */
  public long sendCount(RequestStream requests, long count) {
    for (long i = 0; i < count; i++) {
      send(requests.next());
    }
    flush();
    return count;
  }

  @Override
  public void close() {
    producer.close();
  }
}
