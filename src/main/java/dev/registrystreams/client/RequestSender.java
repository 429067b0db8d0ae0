package dev.registrystreams.client;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
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

  /** Sends all requests and waits until the broker has acknowledged every one. */
  public void sendAll(List<WorkloadRequest> requests) {
    AtomicReference<Exception> failure = new AtomicReference<>();
    for (WorkloadRequest request : requests) {
      producer.send(
          new ProducerRecord<>(topic, request.key(), request.value()),
          (metadata, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
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
