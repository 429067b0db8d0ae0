package dev.registrystreams.topology;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.internal.AcceptedRequest;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.RejectionReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an unexpected exception while processing one record into a dead letter (reason
 * PROCESSING_ERROR) in the same transaction, and carries on: one record that trips a bug must not
 * stop the application or vanish. Registered as Kafka Streams' {@code
 * processing.exception.handler}.
 */
public final class DeadLetterOnProcessingError implements ProcessingExceptionHandler {

  /** Streams property naming the dead-letter topic. */
  public static final String REJECTED_TOPIC_CONFIG = "registry.rejected.topic";

  /** Streams property carrying the {@link RegistrySchema} object, for masking secrets. */
  public static final String SCHEMA_CONFIG = "registry.schema";

  /** The Streams properties that install this handler for {@code topics} and {@code schema}. */
  public static Map<String, Object> streamsConfig(TopicNames topics, RegistrySchema schema) {
    return Map.of(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterOnProcessingError.class.getName(),
        // There is no global state, but this is how Kafka 5.0 will behave; say so now.
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG,
        true,
        REJECTED_TOPIC_CONFIG,
        topics.rejected(),
        SCHEMA_CONFIG,
        schema);
  }

  private static final Logger log = LoggerFactory.getLogger(DeadLetterOnProcessingError.class);
  private static final AvroSerde<AcceptedRequest> ACCEPTED = AvroSerde.of(AcceptedRequest.class);
  private static final AvroSerde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);

  private String rejectedTopic;
  private DeadLetters deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    rejectedTopic = (String) configs.get(REJECTED_TOPIC_CONFIG);
    Object schema = configs.get(SCHEMA_CONFIG);
    RegistrySchema registry =
        schema instanceof RegistrySchema given ? given : RegistrySchema.defaults();
    deadLetters = new DeadLetters(registry.secretMasker());
    if (rejectedTopic == null) {
      throw new IllegalStateException(REJECTED_TOPIC_CONFIG + " is not set");
    }
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception error) {
    String message =
        "processing failed in "
            + context.processorNodeId()
            + ": "
            + error.getClass().getSimpleName()
            + (error.getMessage() == null
                ? ""
                : ": " + error.getMessage().lines().findFirst().orElse(""));
    log.warn(
        "Dead-lettering the record at {}-{}@{}: {}",
        context.topic(),
        context.partition(),
        context.offset(),
        message,
        error);
    DeadLetter letter = letter(context, message);
    byte[] key = Buffers.toArray(letter.getOriginalKey());
    return Response.resume(
        List.of(new ProducerRecord<>(rejectedTopic, key, DEAD_LETTERS.encode(letter))));
  }

  /**
   * Past the repartition, the source record is an accepted request: name the request and its
   * original coordinates rather than the internal topic.
   */
  private DeadLetter letter(ErrorHandlerContext context, String message) {
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
        return deadLetters.rejected(
            accepted.getRequest(), RejectionReason.PROCESSING_ERROR, message, origin);
      }
    } catch (SerializationException notAccepted) {
      // A raw request from the requests topic.
    }
    try {
      GenerationRequest request = AvroSerde.of(GenerationRequest.class).decode(raw);
      if (request != null) {
        return deadLetters.rejected(request, RejectionReason.PROCESSING_ERROR, message, here);
      }
    } catch (SerializationException undecodable) {
      // Carried as it came.
    }
    return deadLetters.asTheyCame(RejectionReason.PROCESSING_ERROR, message, here, raw);
  }
}
