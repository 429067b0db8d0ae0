package dev.registrystreams.topology;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The last step before the entries topic: counts each answer by its outcome ({@link
 * RegistryCounts#ANSWER_TOTAL}) and forwards its entry, so every answer sent is counted once.
 */
final class CountAnswers implements FixedKeyProcessor<String, Answer, byte[]> {

  private FixedKeyProcessorContext<String, byte[]> context;
  private CountSensors sensors;

  @Override
  public void init(FixedKeyProcessorContext<String, byte[]> context) {
    this.context = context;
    this.sensors = CountSensors.in(context.metrics());
    HandlerCounts.from(context.appConfigs()).bind(sensors);
  }

  @Override
  public void process(FixedKeyRecord<String, Answer> record) {
    sensors.answer(record.value().outcome());
    context.forward(record.withValue(record.value().entry()));
  }
}
