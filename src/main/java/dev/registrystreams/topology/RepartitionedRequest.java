package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.internal.AcceptedRequest;
import dev.registrystreams.core.GenerationInput;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An accepted request on either side of the repartition topic: on the intake's side the bytes the
 * request arrived in (its context encoded anew if masking changed it) with the accepted fields
 * after them, or the record where those bytes could not be walked; on the resolve side the bytes
 * read from the topic. Each form is made from the other only when asked for, and once: a repeated
 * request is answered from its bytes without being decoded.
 */
final class RepartitionedRequest {

  private @Nullable AcceptedRequest record;
  private byte @Nullable [] bytes;
  // Where the fields lie in the bytes, once walked.
  private @Nullable EncodedAcceptedRequest encoded;
  private boolean walked;
  // The entry id, where it is known without either form.
  private final @Nullable String entryId;
  private final boolean spliced;

  private RepartitionedRequest(
      @Nullable AcceptedRequest record,
      byte @Nullable [] bytes,
      @Nullable EncodedAcceptedRequest encoded,
      @Nullable String entryId,
      boolean spliced) {
    this.record = record;
    this.bytes = bytes;
    this.encoded = encoded;
    this.walked = encoded != null;
    this.entryId = entryId;
    this.spliced = spliced;
  }

  /** An accepted request as the intake makes it of a request whose bytes it had to decode. */
  static RepartitionedRequest accepted(GenerationRequest request, String entryId, Origin origin) {
    AcceptedRequest record =
        new AcceptedRequest(
            request,
            entryId,
            Buffers.wrap(origin.key()),
            origin.topic(),
            origin.partition(),
            origin.offset());
    return new RepartitionedRequest(record, null, null, entryId, false);
  }

  /**
   * An accepted request as the intake makes it of a request that crosses the repartition in the
   * bytes it came in: {@code arrivedRequest}, a single-object encoded request, all of it.
   */
  static RepartitionedRequest spliced(byte[] arrivedRequest, String entryId, Origin origin) {
    byte[] bytes = RepartitionSerde.splice(arrivedRequest, entryId, origin);
    return new RepartitionedRequest(null, bytes, null, entryId, true);
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
      return new RepartitionedRequest(null, bytes, encoded, null, false);
    }
    // Decoding says why the bytes are not an accepted request; should it read them after all,
    // the request is served from its record.
    return new RepartitionedRequest(RepartitionSerde.decode(bytes), bytes, null, null, false);
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
      bytes = RepartitionSerde.encode(Objects.requireNonNull(record, "bytes or a record"));
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
      return fields.request().toInput(timestamp, maxDepth);
    }
    return Requests.toInput(record().getRequest(), timestamp, maxDepth);
  }

  /** Whether the bytes are the request's as it arrived, with the accepted fields after them. */
  boolean spliced() {
    return spliced;
  }

  String entryId() {
    if (entryId != null) {
      return entryId;
    }
    if (record == null && encoded != null) {
      return encoded.entryId();
    }
    return record().getEntryId();
  }
}
