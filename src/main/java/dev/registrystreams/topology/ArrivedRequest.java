package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.core.GenerationInput;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A generation request as it arrived on a requests topic: its bytes, read into the core's input
 * without decoding them where they can be walked ({@link EncodedRequest}), and decoded only when
 * something needs the record (masking it, dead-lettering it).
 */
final class ArrivedRequest {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  private final byte[] bytes;
  private final @Nullable EncodedRequest fields;
  private @Nullable GenerationRequest record;

  private ArrivedRequest(
      byte[] bytes, @Nullable EncodedRequest fields, @Nullable GenerationRequest record) {
    this.bytes = bytes;
    this.fields = fields;
    this.record = record;
  }

  /**
   * The request in {@code bytes}.
   *
   * @throws org.apache.kafka.common.errors.SerializationException if they are not a request, saying
   *     why
   */
  static ArrivedRequest read(byte[] bytes) {
    EncodedRequest fields = EncodedRequest.of(bytes);
    // What cannot be walked is decoded: that says why it is not a request, or, for a context
    // nested deeper than the walk goes, reads it so that validation can say so.
    return new ArrivedRequest(bytes, fields, fields == null ? REQUESTS.decode(bytes) : null);
  }

  /** The bytes the request arrived in. */
  byte[] bytes() {
    return bytes;
  }

  /** The record, decoded from the bytes when first asked for. */
  GenerationRequest record() {
    if (record == null) {
      record = REQUESTS.decode(bytes);
    }
    return record;
  }

  /**
   * The core's view of the request, timestamped with its record's timestamp.
   *
   * @throws ContextValues.TooDeepException if the context nests deeper than {@code maxDepth}
   */
  GenerationInput toInput(long timestamp, int maxDepth) {
    return fields != null
        ? fields.toInput(timestamp, maxDepth)
        : Requests.toInput(record(), timestamp, maxDepth);
  }

  /**
   * The request accepted with its context replaced by {@code context} (its own, masked), in the
   * bytes it came in with only the context encoded anew where they could be walked.
   */
  RepartitionedRequest accepted(Map<String, Object> context, String entryId, Origin origin) {
    if (fields != null) {
      return RepartitionedRequest.spliced(fields.withContext(context), entryId, origin);
    }
    return RepartitionedRequest.accepted(Requests.withContext(record(), context), entryId, origin);
  }

  /**
   * The request accepted as it came, to cross the repartition in the bytes it came in where they
   * could be walked.
   */
  RepartitionedRequest accepted(String entryId, Origin origin) {
    return fields != null
        ? RepartitionedRequest.spliced(bytes, entryId, origin)
        : RepartitionedRequest.accepted(record(), entryId, origin);
  }
}
