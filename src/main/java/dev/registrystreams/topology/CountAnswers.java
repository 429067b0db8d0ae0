package dev.registrystreams.topology;

import java.util.Objects;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.jspecify.annotations.Nullable;

/**
 * The last step before the entries topic: counts each answer by its outcome ({@link
 * RegistryCounts#ANSWER_TOTAL}) and forwards its entry, so every answer sent is counted once.
 */
final class CountAnswers implements FixedKeyProcessor<String, Answer, byte[]> {

  // Set by init.
  private @Nullable FixedKeyProcessorContext<String, byte[]> context;
  private @Nullable CountSensors sensors;

  @Override
  public void init(FixedKeyProcessorContext<String, byte[]> context) {
    this.context = context;
    this.sensors = CountSensors.in(context.metrics());
    HandlerCounts.from(context.appConfigs()).bind(sensors);
  }

  private FixedKeyProcessorContext<String, byte[]> context() {
    return Objects.requireNonNull(context, "the processor is not initialised");
  }

  private CountSensors sensors() {
    return Objects.requireNonNull(sensors, "the processor is not initialised");
  }

  @Override
  public void process(FixedKeyRecord<String, Answer> record) {
    sensors().answer(record.value().outcome());
    context().forward(record.withValue(record.value().entry()));
  }
}
