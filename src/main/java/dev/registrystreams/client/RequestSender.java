package dev.registrystreams.client;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends encoded requests to the requests topic, idempotently and in order per key. */
public final class RequestSender implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  public RequestSender(Properties clientProperties, String topic) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    this.producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  /**
   * Sends one record and waits until the broker has acknowledged it.
   *
   * @throws IllegalStateException when it could not be sent
   */
  public void send(byte[] key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + topic, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "could not send the request to " + topic + ": " + cause.getMessage(), cause);
    }
  }

  /** Sends all requests and waits until the broker has acknowledged every one. */
  public void sendAll(List<WorkloadRequest> requests) {
    sendAll(requests, count -> {});
  }

  /**
   * Sends all requests and waits until the broker has acknowledged every one, telling {@code
   * acknowledged} the running count of acknowledged requests. It is called on the producer's I/O
   * thread, so it must be quick and thread-safe.
   *
   * @throws IllegalStateException when a request could not be sent
   */
  public void sendAll(List<WorkloadRequest> requests, IntConsumer acknowledged) {
    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicInteger acked = new AtomicInteger();
    for (WorkloadRequest request : requests) {
      producer.send(
          new ProducerRecord<>(topic, request.key(), request.value()),
          (metadata, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            } else {
              acknowledged.accept(acked.incrementAndGet());
            }
          });
    }
    producer.flush();
    if (failure.get() != null) {
      throw new IllegalStateException(
          "could not send requests to " + topic + ": " + failure.get().getMessage(), failure.get());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
