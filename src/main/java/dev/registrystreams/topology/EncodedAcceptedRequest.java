package dev.registrystreams.topology;

import dev.registrystreams.avro.internal.AcceptedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A single-object encoded {@link AcceptedRequest} and where the fields of its request lie in it,
 * found by walking its varints without decoding anything: what a repeated request is compared to
 * its stored entry by. The walk checks the whole record's framing, so bytes it accepts decode.
 */
final class EncodedAcceptedRequest {

  private static final int HEADER_LENGTH = 10;
  private static final AvroSerde<AcceptedRequest> ACCEPTED = AvroSerde.of(AcceptedRequest.class);

  // The fields the walk expects, in schema order.
  private static final List<String> FIELDS =
      List.of(
          "request", "entryId", "originalKey", "sourceTopic", "sourcePartition", "sourceOffset");

  static {
    EncodedGenerationRequest.checkFields(AcceptedRequest.getClassSchema(), FIELDS);
  }

  private final byte[] bytes;
  private final EncodedGenerationRequest request;
  private final int entryIdStart;
  private final int entryIdLength;

  private EncodedAcceptedRequest(
      byte[] bytes, EncodedGenerationRequest request, int entryIdStart, int entryIdLength) {
    this.bytes = bytes;
    this.request = request;
    this.entryIdStart = entryIdStart;
    this.entryIdLength = entryIdLength;
  }

  /**
   * Where the fields of {@code bytes} lie, or null when they are not a single-object encoded {@link
   * AcceptedRequest} (then decoding them says why).
   */
  static @Nullable EncodedAcceptedRequest of(byte[] bytes) {
    if (!ACCEPTED.hasHeader(bytes)) {
      return null;
    }
    try {
      return walk(bytes);
    } catch (AvroCursor.Malformed | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  private static @Nullable EncodedAcceptedRequest walk(byte[] bytes) {
    AvroCursor in = new AvroCursor();
    in.reset(bytes, HEADER_LENGTH);
    EncodedGenerationRequest request = EncodedGenerationRequest.walk(in);
    int entryIdLength = in.readLength();
    int entryIdStart = in.pos;
    in.pos += entryIdLength;
    if (in.readBranch(2) == 1) {
      in.skipString(); // the original key: bytes, encoded as a string is
    }
    in.skipString();
    in.readInt();
    in.readLong();
    return in.atEnd()
        ? new EncodedAcceptedRequest(bytes, request, entryIdStart, entryIdLength)
        : null;
  }

  byte[] bytes() {
    return bytes;
  }

  /** Where the fields of its request lie. */
  EncodedGenerationRequest request() {
    return request;
  }

  /** The record, decoded. */
  AcceptedRequest decode() {
    return ACCEPTED.decode(bytes);
  }

  String entryId() {
    return new String(bytes, entryIdStart, entryIdLength, StandardCharsets.UTF_8);
  }
}
