package dev.registrystreams.topology;

import dev.registrystreams.core.RejectionReason;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a record the producer could not write (too large for its topic, say) into a dead letter
 * (reason PRODUCTION_ERROR) for the request it came from, and carries on; retriable errors (an
 * unreachable broker) are retried, never dead-lettered. Registered as Kafka Streams' {@code
 * production.exception.handler} by {@link ErrorHandlers#streamsConfig}.
 *
 * <p>The dead letter is not sent from here: the handler mostly runs on the producer's I/O thread,
 * which a send may block on (for the dead-letter topic's metadata), and under exactly-once the
 * failed write has made the transaction unusable anyway. So the refused record is remembered in
 * {@link ProductionFailures} and the handler fails the stream thread; the application replaces the
 * thread, the task goes back to its last commit, and when the request is processed again its
 * processor writes the dead letter in place of the refused record. At least once, the records
 * between that commit and the failure are answered a second time, as at-least-once allows.
 */
public final class DeadLetterOnProductionError implements ProductionExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterOnProductionError.class);

  // Set by configure.
  private @Nullable HandlerSetup setup;

  @Override
  public void configure(Map<String, ?> configs) {
    setup = HandlerSetup.from(configs);
  }

  private HandlerSetup setup() {
    return Objects.requireNonNull(setup, "the handler is not configured");
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception error) {
    if (error instanceof RetriableException) {
      return Response.retry();
    }
    String why =
        "could not write a record to " + record.topic() + ": " + HandlerLetters.describe(error);
    setup().failures().record(record.value(), error, why);
    log.warn(
        "A record to {} was refused ({}); the stream thread is replaced and the request is"
            + " dead-lettered when it is processed again",
        record.topic(),
        HandlerLetters.describe(error));
    return Response.fail();
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception error,
      SerializationExceptionOrigin origin) {
    String why =
        "could not serialize a record's "
            + origin.name().toLowerCase(Locale.ROOT)
            + " for "
            + record.topic()
            + ": "
            + HandlerLetters.describe(error);
    log.warn("Dead-lettering the request: {}", why);
    var letter = setup().letters().record(context, RejectionReason.PRODUCTION_ERROR, why);
    setup().counts().deadLetter(RejectionReason.PRODUCTION_ERROR);
    return Response.resume(List.of(letter));
  }
}
