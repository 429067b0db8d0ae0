package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.internal.AcceptedRequest;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.GenerationInput;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.Rejection;
import dev.registrystreams.core.RejectionReason;
import dev.registrystreams.core.RequestValidator;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes a raw request, validates it against the registry schema and keys it by its dedup key.
 * Anything it cannot accept becomes a dead letter; nothing is dropped or thrown.
 */
final class DecodeAndValidate implements Processor<byte[], byte[], String, Step<AcceptedRequest>> {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  private final RequestValidator validator;
  private final DeadLetters deadLetters;
  private final MaskedRequests masked;
  private final int maxContextDepth;
  private ProcessorContext<String, Step<AcceptedRequest>> context;

  DecodeAndValidate(RegistrySchema schema) {
    this.validator = new RequestValidator(schema);
    this.deadLetters = new DeadLetters(schema.secretMasker());
    this.masked = new MaskedRequests(schema.secretMasker());
    this.maxContextDepth = schema.limits().maxContextDepth();
  }

  @Override
  public void init(ProcessorContext<String, Step<AcceptedRequest>> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    Origin origin = origin(record);
    if (record.value() == null) {
      reject(origin, deadLetters.undecodable(origin, null, "the record has no value"));
      return;
    }
    GenerationRequest request;
    try {
      request = REQUESTS.decode(record.value());
    } catch (SerializationException e) {
      reject(origin, deadLetters.undecodable(origin, record.value(), e.getMessage()));
      return;
    }
    GenerationInput input;
    try {
      input = Requests.toInput(request, record.timestamp(), maxContextDepth);
    } catch (ContextValues.TooDeepException e) {
      Rejection tooDeep = new Rejection(RejectionReason.CONTEXT_TOO_DEEP, e.getMessage());
      reject(origin, deadLetters.rejected(request, tooDeep.reason(), tooDeep.message(), origin));
      return;
    }
    Optional<Rejection> rejection = validator.validate(input);
    if (rejection.isPresent()) {
      Rejection r = rejection.get();
      reject(origin, deadLetters.rejected(request, r.reason(), r.message(), origin));
      return;
    }
    DedupKey key = DedupKey.of(request.getScope(), request.getType(), request.getTitle());
    AcceptedRequest accepted =
        AcceptedRequest.newBuilder()
            .setRequest(masked.mask(request, input.context()))
            .setEntryId(EntryId.derive(request.getScope(), request.getType(), key))
            .setOriginalKey(Buffers.wrap(origin.key()))
            .setSourceTopic(origin.topic())
            .setSourcePartition(origin.partition())
            .setSourceOffset(origin.offset())
            .build();
    context.forward(record.withKey(key.hex()).withValue(Step.next(accepted)));
  }

  private void reject(Origin origin, dev.registrystreams.avro.DeadLetter letter) {
    context.forward(
        new Record<String, Step<AcceptedRequest>>(
            null, Step.reject(origin.key(), letter), origin.timestamp()));
  }

  private Origin origin(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    return new Origin(
        record.key(), meta.topic(), meta.partition(), meta.offset(), record.timestamp());
  }
}
