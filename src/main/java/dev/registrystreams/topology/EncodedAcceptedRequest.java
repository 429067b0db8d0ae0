package dev.registrystreams.topology;

import dev.registrystreams.avro.internal.AcceptedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A single-object encoded {@link AcceptedRequest} and where its fields lie in it, found by walking
 * its varints without decoding anything: its request ({@link EncodedRequest}, which comes first)
 * and its entry id. The walk checks the whole record's framing, so bytes it accepts decode.
 */
final class EncodedAcceptedRequest {

  private static final int HEADER_LENGTH = 10;
  private static final AvroSerde<AcceptedRequest> ACCEPTED = AvroSerde.of(AcceptedRequest.class);

  // The fields the walk expects, in schema order; checked against the schema below.
  private static final List<String> FIELDS =
      List.of(
          "request", "entryId", "originalKey", "sourceTopic", "sourcePartition", "sourceOffset");

  static {
    List<String> names =
        AcceptedRequest.getClassSchema().getFields().stream().map(Schema.Field::name).toList();
    if (!names.equals(FIELDS)) {
      throw new IllegalStateException("AcceptedRequest's fields are not " + FIELDS + ": " + names);
    }
  }

  private final byte[] bytes;
  private final EncodedRequest request;
  private final int entryIdStart;
  private final int entryIdLength;

  private EncodedAcceptedRequest(
      byte[] bytes, EncodedRequest request, int entryIdStart, int entryIdLength) {
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
    AvroCursor in = new AvroCursor();
    in.reset(bytes, HEADER_LENGTH);
    try {
      EncodedRequest request = EncodedRequest.walk(in);
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
    } catch (AvroCursor.Malformed | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  /** Where the fields of the accepted request's request lie. */
  EncodedRequest request() {
    return request;
  }

  String entryId() {
    return new String(bytes, entryIdStart, entryIdLength, StandardCharsets.UTF_8);
  }
}
