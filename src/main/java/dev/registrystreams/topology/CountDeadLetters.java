package dev.registrystreams.topology;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.core.RejectionReason;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jspecify.annotations.Nullable;

/**
 * The last step before the dead-letter topic for a stage's rejects: counts each by its reason
 * ({@link RegistryCounts#DEAD_LETTER_TOTAL}) and forwards it keyed as its letter says. Dead letters
 * the exception handlers write are counted by them ({@link HandlerCounts}).
 */
final class CountDeadLetters<T> implements Processor<String, Step<T>, byte[], DeadLetter> {

  // Set by init.
  private @Nullable ProcessorContext<byte[], DeadLetter> context;
  private @Nullable CountSensors sensors;

  @Override
  public void init(ProcessorContext<byte[], DeadLetter> context) {
    this.context = context;
    this.sensors = CountSensors.in(context.metrics());
    HandlerCounts.from(context.appConfigs()).bind(sensors);
  }

  private ProcessorContext<byte[], DeadLetter> context() {
    return Objects.requireNonNull(context, "the processor is not initialised");
  }

  private CountSensors sensors() {
    return Objects.requireNonNull(sensors, "the processor is not initialised");
  }

  @Override
  public void process(Record<String, Step<T>> record) {
    Step.Reject<T> reject = (Step.Reject<T>) record.value();
    sensors().deadLetter(RejectionReason.valueOf(reject.letter().getReason()));
    context().forward(record.withKey(reject.key()).withValue(reject.letter()));
  }
}
