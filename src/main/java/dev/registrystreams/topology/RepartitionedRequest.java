package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.internal.AcceptedRequest;
import dev.registrystreams.core.GenerationInput;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An accepted request on either side of the repartition topic: on the intake's side the record
 * (with the bytes its request arrived in, when masking left it as it came), on the resolve side the
 * bytes read from the topic. Each form is made from the other only when asked for, and once: a
 * repeated request is answered from its bytes without being decoded.
 */
final class RepartitionedRequest {

  private @Nullable AcceptedRequest record;
  // What the record's request was decoded from, all of it, when masking left it as it came.
  private final byte @Nullable [] arrivedRequest;
  private byte @Nullable [] bytes;
  private @Nullable EncodedAcceptedRequest encoded;
  private boolean walked;

  private RepartitionedRequest(
      @Nullable AcceptedRequest record,
      byte @Nullable [] arrivedRequest,
      byte @Nullable [] bytes,
      @Nullable EncodedAcceptedRequest encoded) {
    this.record = record;
    this.arrivedRequest = arrivedRequest;
    this.bytes = bytes;
    this.encoded = encoded;
    this.walked = encoded != null;
  }

  /**
   * An accepted request as the intake makes it.
   *
   * @param arrivedRequest what {@code request} was decoded from, when masking left it as it came;
   *     else null
   */
  static RepartitionedRequest accepted(
      GenerationRequest request,
      byte @Nullable [] arrivedRequest,
      String entryId,
      @Nullable ByteBuffer originalKey,
      String sourceTopic,
      int sourcePartition,
      long sourceOffset) {
    AcceptedRequest record =
        new AcceptedRequest(
            request, entryId, originalKey, sourceTopic, sourcePartition, sourceOffset);
    return new RepartitionedRequest(record, arrivedRequest, null, null);
  }

  /**
   * An accepted request as the resolve side reads it from the topic.
   *
   * @throws org.apache.kafka.common.errors.SerializationException if the bytes are not a
   *     single-object encoded {@link AcceptedRequest}, saying why
   */
  static RepartitionedRequest read(byte[] bytes) {
    EncodedAcceptedRequest encoded = EncodedAcceptedRequest.of(bytes);
    if (encoded != null) {
      return new RepartitionedRequest(null, null, bytes, encoded);
    }
    // Decoding says why the bytes are not an accepted request; should it read them after all,
    // the request is served from its record.
    return new RepartitionedRequest(RepartitionSerde.decode(bytes), null, bytes, null);
  }

  /** The record, decoded from the bytes on the resolve side. */
  AcceptedRequest record() {
    if (record == null) {
      record = RepartitionSerde.decode(Objects.requireNonNull(bytes, "bytes or a record"));
    }
    return record;
  }

  /** The bytes the repartition topic holds for this request. */
  byte[] bytes() {
    if (bytes == null) {
      bytes =
          RepartitionSerde.encode(
              Objects.requireNonNull(record, "bytes or a record"), arrivedRequest);
    }
    return bytes;
  }

  /** Where the fields lie in {@link #bytes}; null if they cannot be found without decoding. */
  @Nullable EncodedAcceptedRequest encoded() {
    if (!walked) {
      encoded = EncodedAcceptedRequest.of(bytes());
      walked = true;
    }
    return encoded;
  }

  /**
   * The core's view of the request, read from its bytes where they can be walked, else from the
   * record: the two are the same input.
   *
   * @throws ContextValues.TooDeepException if the context nests deeper than {@code maxDepth}
   */
  GenerationInput toInput(long timestamp, int maxDepth) {
    EncodedAcceptedRequest fields = record == null ? encoded() : null;
    if (fields != null) {
      return fields.toInput(timestamp, maxDepth);
    }
    return Requests.toInput(record().getRequest(), timestamp, maxDepth);
  }

  /** Whether the bytes are the request's as it arrived, with the accepted fields after them. */
  boolean spliced() {
    return arrivedRequest != null && RepartitionSerde.canSplice(arrivedRequest);
  }

  String entryId() {
    if (record == null && encoded != null) {
      return encoded.entryId();
    }
    return record().getEntryId();
  }
}
