package dev.registrystreams.topology;

import dev.registrystreams.core.RejectionReason;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an unexpected exception while processing one record into a dead letter (reason
 * PROCESSING_ERROR) in the same transaction, and carries on: one record that trips a bug must not
 * stop the application or vanish. Registered as Kafka Streams' {@code processing.exception.handler}
 * by {@link ErrorHandlers#streamsConfig}.
 */
public final class DeadLetterOnProcessingError implements ProcessingExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterOnProcessingError.class);

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
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception error) {
    if (setup().failures().causedBy(error)) {
      // An earlier record's refused write surfacing at this record's send: this record is
      // innocent, and the refused one is dead-lettered once the thread is replaced.
      return Response.fail();
    }
    String message =
        "processing failed in " + context.processorNodeId() + ": " + HandlerLetters.describe(error);
    log.warn(
        "Dead-lettering the record at {}-{}@{}: {}",
        context.topic(),
        context.partition(),
        context.offset(),
        message,
        error);
    var letter = setup().letters().record(context, RejectionReason.PROCESSING_ERROR, message);
    setup().counts().deadLetter(RejectionReason.PROCESSING_ERROR);
    return Response.resume(List.of(letter));
  }
}
