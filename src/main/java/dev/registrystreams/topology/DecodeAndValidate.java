package dev.registrystreams.topology;

import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.GenerationInput;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.Rejection;
import dev.registrystreams.core.RejectionReason;
import dev.registrystreams.core.RequestValidator;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a raw request, validates it against the registry schema and keys it by its dedup key.
 * Anything it cannot accept becomes a dead letter; nothing is dropped or thrown.
 *
 * <p>What it forwards carries none of the request's Kafka headers but those an operator allowed
 * ({@link ForwardedHeaders}): a producer's headers (an authorization header, say) must not reach
 * any topic of the application's own.
 */
final class DecodeAndValidate
    implements Processor<byte[], byte[], String, Step<RepartitionedRequest>> {

  // Masking can make a request at most about three times as large (a short secret becomes
  // "******"); below this share of the room, an accepted request is known to fit unmeasured.
  private static final int GROWTH_BOUND = 3;
  private static final int ACCEPTED_FIELDS_BOUND = 1_024;

  private final RegistrySchema schema;
  private final String rejectedTopic;
  private final RequestValidator validator;
  private final MaskedRequests masked;
  private final int maxContextDepth;
  // Set by init.
  private @Nullable ProcessorContext<String, Step<RepartitionedRequest>> context;
  private @Nullable DeadLetters deadLetters;
  private @Nullable OutputLimits limits;
  private @Nullable ProductionFailures failures;
  private @Nullable String repartitionTopic;
  private @Nullable ForwardedHeaders forwardedHeaders;

  DecodeAndValidate(RegistrySchema schema, String rejectedTopic) {
    this.schema = schema;
    this.rejectedTopic = rejectedTopic;
    this.validator = new RequestValidator(schema);
    this.masked = new MaskedRequests(schema.secretMasker());
    this.maxContextDepth = schema.limits().maxContextDepth();
  }

  @Override
  public void init(ProcessorContext<String, Step<RepartitionedRequest>> context) {
    this.context = context;
    this.limits = OutputLimits.from(context.appConfigs());
    this.failures = ProductionFailures.from(context.appConfigs());
    this.deadLetters = new DeadLetters(schema.secretMasker(), limits, rejectedTopic, failures);
    this.repartitionTopic = RegistryTopology.repartitionTopic(context.applicationId());
    this.forwardedHeaders = ForwardedHeaders.from(context.appConfigs());
  }

  private ProcessorContext<String, Step<RepartitionedRequest>> context() {
    return Objects.requireNonNull(context, "the processor is not initialised");
  }

  private DeadLetters deadLetters() {
    return Objects.requireNonNull(deadLetters, "the processor is not initialised");
  }

  private OutputLimits limits() {
    return Objects.requireNonNull(limits, "the processor is not initialised");
  }

  private ProductionFailures failures() {
    return Objects.requireNonNull(failures, "the processor is not initialised");
  }

  private String repartitionTopic() {
    return Objects.requireNonNull(repartitionTopic, "the processor is not initialised");
  }

  private ForwardedHeaders forwardedHeaders() {
    return Objects.requireNonNull(forwardedHeaders, "the processor is not initialised");
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    Origin origin = origin(record);
    if (record.value() == null) {
      reject(origin, deadLetters().undecodable(origin, null, "the record has no value"));
      return;
    }
    ArrivedRequest request;
    try {
      request = ArrivedRequest.read(record.value());
    } catch (SerializationException e) {
      reject(
          origin,
          deadLetters().undecodable(origin, record.value(), String.valueOf(e.getMessage())));
      return;
    }
    GenerationInput input;
    try {
      input = request.toInput(record.timestamp(), maxContextDepth);
    } catch (ContextValues.TooDeepException e) {
      reject(
          origin,
          request,
          new Rejection(RejectionReason.CONTEXT_TOO_DEEP, String.valueOf(e.getMessage())));
      return;
    }
    Rejection invalid =
        StrictUtf8.check(request, input).or(() -> validator.validate(input)).orElse(null);
    if (invalid != null) {
      reject(origin, request, invalid);
      return;
    }
    DedupKey key = DedupKey.of(input.scope(), input.type(), input.title());
    String entryId = EntryId.derive(input.scope(), input.type(), key);
    // The request crosses the repartition in the bytes it came in, masked or not.
    RepartitionedRequest accepted =
        masked.holdsSecrets(input.context())
            ? request.accepted(masked.masked(input.context()), entryId, origin)
            : request.accepted(entryId, origin);
    Headers headers = forwardedHeaders().keep(record.headers());
    Optional<Rejection> unwritable = unwritable(accepted, headers, origin, record.value().length);
    if (unwritable.isPresent()) {
      reject(origin, request, unwritable.get());
      return;
    }
    context().forward(new Record<>(key.hex(), Step.next(accepted), record.timestamp(), headers));
  }

  /** Why {@code accepted} cannot be written to the repartition topic, if it cannot. */
  private Optional<Rejection> unwritable(
      RepartitionedRequest accepted, Headers headers, Origin origin, int rawLength) {
    // Forwarded headers take room in every record the request leads to, as the key does.
    int keyLength = DedupKey.HEX_LENGTH + ForwardedHeaders.size(headers);
    long bound =
        (long) GROWTH_BOUND * rawLength
            + (origin.key() == null ? 0 : origin.key().length)
            + ACCEPTED_FIELDS_BOUND;
    if (bound <= limits().valueRoom(repartitionTopic(), keyLength) && !failures().any()) {
      return Optional.empty();
    }
    byte[] bytes = accepted.bytes();
    String refusal = failures().refusalOfBytes(bytes);
    if (refusal != null) {
      return Optional.of(new Rejection(RejectionReason.PRODUCTION_ERROR, refusal));
    }
    if (!limits().fits(repartitionTopic(), keyLength, bytes.length)) {
      return Optional.of(
          new Rejection(
              RejectionReason.REQUEST_TOO_LARGE,
              limits()
                  .tooLarge(
                      "the request is " + bytes.length + " bytes as the application forwards it",
                      repartitionTopic())));
    }
    return Optional.empty();
  }

  private void reject(Origin origin, ArrivedRequest request, Rejection rejection) {
    reject(
        origin,
        deadLetters().rejected(request.record(), rejection.reason(), rejection.message(), origin));
  }

  private void reject(Origin origin, Step.Reject<RepartitionedRequest> reject) {
    context()
        .forward(new Record<String, Step<RepartitionedRequest>>(null, reject, origin.timestamp()));
  }

  private Origin origin(Record<byte[], byte[]> record) {
    RecordMetadata meta = context().recordMetadata().orElseThrow();
    return new Origin(
        record.key(), meta.topic(), meta.partition(), meta.offset(), record.timestamp());
  }
}
