package dev.registrystreams.topology;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.internal.AcceptedRequest;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.RejectionReason;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Dead letters built by Kafka Streams' exception handlers, from what the handler's context still
 * has of the record: past the repartition an accepted request, before it a raw request, else the
 * bytes as they came (or none, once Kafka Streams has let them go).
 */
final class HandlerLetters {

  private static final AvroSerde<AcceptedRequest> ACCEPTED = AvroSerde.of(AcceptedRequest.class);
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final AvroSerde<DeadLetter> LETTERS = AvroSerde.of(DeadLetter.class);

  private final String topic;
  private final DeadLetters deadLetters;

  private HandlerLetters(String topic, DeadLetters deadLetters) {
    this.topic = topic;
    this.deadLetters = deadLetters;
  }

  /** From the Streams configuration that {@link ErrorHandlers#streamsConfig} filled in. */
  static HandlerLetters configure(Map<String, ?> configs) {
    String topic = (String) configs.get(ErrorHandlers.REJECTED_TOPIC_CONFIG);
    if (topic == null) {
      throw new IllegalStateException(ErrorHandlers.REJECTED_TOPIC_CONFIG + " is not set");
    }
    RegistrySchema schema =
        configs.get(ErrorHandlers.SCHEMA_CONFIG) instanceof RegistrySchema given
            ? given
            : RegistrySchema.defaults();
    return new HandlerLetters(
        topic,
        new DeadLetters(
            schema.secretMasker(),
            OutputLimits.from(configs),
            topic,
            ProductionFailures.from(configs)));
  }

  /** The dead-letter topic. */
  String topic() {
    return topic;
  }

  /** The dead letter of the record {@code context} is about, as a record for the topic. */
  ProducerRecord<byte[], byte[]> record(
      ErrorHandlerContext context, RejectionReason reason, String message) {
    Step.Reject<Object> reject = letter(context, reason, message);
    return new ProducerRecord<>(topic, reject.key(), LETTERS.encode(reject.letter()));
  }

  private Step.Reject<Object> letter(
      ErrorHandlerContext context, RejectionReason reason, String message) {
    Origin here =
        new Origin(
            context.sourceRawKey(),
            context.topic(),
            context.partition(),
            context.offset(),
            context.timestamp());
    byte[] raw = context.sourceRawValue();
    try {
      AcceptedRequest accepted = ACCEPTED.decode(raw);
      if (accepted != null) {
        Origin origin =
            new Origin(
                Buffers.toArray(accepted.getOriginalKey()),
                accepted.getSourceTopic(),
                accepted.getSourcePartition(),
                accepted.getSourceOffset(),
                context.timestamp());
        return deadLetters.rejected(accepted.getRequest(), reason, message, origin);
      }
    } catch (SerializationException notAccepted) {
      // A raw request from the requests topic.
    }
    try {
      GenerationRequest request = REQUESTS.decode(raw);
      if (request != null) {
        return deadLetters.rejected(request, reason, message, here);
      }
    } catch (SerializationException undecodable) {
      // Carried as it came.
    }
    return deadLetters.asTheyCame(reason, message, here, raw);
  }

  /** One line for a dead letter's message: the exception's type and its first line. */
  static String describe(Exception error) {
    String message = error.getMessage();
    return error.getClass().getSimpleName()
        + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
  }
}
