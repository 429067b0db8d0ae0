package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.internal.AcceptedRequest;
import dev.registrystreams.core.GenerationInput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A single-object encoded {@link AcceptedRequest} and where the fields of its request lie in it,
 * found by walking its varints without decoding anything: what a repeated request is compared to
 * its stored entry by. The walk checks the whole record's framing, so bytes it accepts decode.
 */
final class EncodedAcceptedRequest {

  private static final int HEADER_LENGTH = 10;
  private static final AvroSerde<AcceptedRequest> ACCEPTED = AvroSerde.of(AcceptedRequest.class);

  // The fields the walk expects, in schema order; checked against the schemas below.
  private static final List<String> REQUEST_FIELDS =
      List.of("requestId", "title", "scope", "type", "context", "version", "status");
  private static final List<String> ACCEPTED_FIELDS =
      List.of(
          "request", "entryId", "originalKey", "sourceTopic", "sourcePartition", "sourceOffset");

  static {
    check(GenerationRequest.getClassSchema(), REQUEST_FIELDS);
    check(AcceptedRequest.getClassSchema(), ACCEPTED_FIELDS);
  }

  private static void check(Schema schema, List<String> expected) {
    List<String> names = schema.getFields().stream().map(Schema.Field::name).toList();
    if (!names.equals(expected)) {
      throw new IllegalStateException(
          schema.getName() + "'s fields are not " + expected + ": " + names);
    }
  }

  private final byte[] bytes;
  private int requestIdStart;
  private int requestIdLength;
  private int titleStart;
  private int titleLength;
  private int scopeStart;
  private int scopeLength;
  private int typeStart;
  private int typeLength;
  private int contextStart;
  private int contextEnd;
  // -1 where the request has none.
  private int versionStart = -1;
  private int versionLength;
  private int statusStart = -1;
  private int statusLength;
  private int entryIdStart;
  private int entryIdLength;

  private EncodedAcceptedRequest(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Where the fields of {@code bytes} lie, or null when they are not a single-object encoded {@link
   * AcceptedRequest} (then decoding them says why).
   */
  static @Nullable EncodedAcceptedRequest of(byte[] bytes) {
    if (!ACCEPTED.hasHeader(bytes)) {
      return null;
    }
    EncodedAcceptedRequest encoded = new EncodedAcceptedRequest(bytes);
    try {
      return encoded.walk() ? encoded : null;
    } catch (AvroCursor.Malformed | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  private boolean walk() {
    AvroCursor in = new AvroCursor();
    in.reset(bytes, HEADER_LENGTH);
    requestIdLength = in.readLength();
    requestIdStart = in.pos;
    in.pos += requestIdLength;
    titleLength = in.readLength();
    titleStart = in.pos;
    in.pos += titleLength;
    scopeLength = in.readLength();
    scopeStart = in.pos;
    in.pos += scopeLength;
    typeLength = in.readLength();
    typeStart = in.pos;
    in.pos += typeLength;
    contextStart = in.pos;
    in.skipMap(1);
    contextEnd = in.pos;
    if (in.readBranch(2) == 1) {
      versionLength = in.readLength();
      versionStart = in.pos;
      in.pos += versionLength;
    }
    if (in.readBranch(2) == 1) {
      statusLength = in.readLength();
      statusStart = in.pos;
      in.pos += statusLength;
    }
    entryIdLength = in.readLength();
    entryIdStart = in.pos;
    in.pos += entryIdLength;
    if (in.readBranch(2) == 1) {
      in.skipString(); // the original key: bytes, encoded as a string is
    }
    in.skipString();
    in.readInt();
    in.readLong();
    return in.atEnd();
  }

  byte[] bytes() {
    return bytes;
  }

  /** The record, decoded. */
  AcceptedRequest decode() {
    return ACCEPTED.decode(bytes);
  }

  /**
   * The core's view of the request, timestamped with its record's timestamp: what {@link
   * Requests#toInput} of the decoded request gives, read without decoding it.
   *
   * @throws ContextValues.TooDeepException if the context nests deeper than {@code maxDepth}
   */
  GenerationInput toInput(long timestamp, int maxDepth) {
    AvroCursor in = new AvroCursor();
    in.reset(bytes, contextStart);
    // The walk has checked the framing, so reading the context cannot fail but for its depth.
    return new GenerationInput(
        requestId(),
        string(titleStart, titleLength),
        scope(),
        type(),
        ContextReader.read(in, maxDepth),
        version(),
        status(),
        timestamp);
  }

  String requestId() {
    return string(requestIdStart, requestIdLength);
  }

  String entryId() {
    return string(entryIdStart, entryIdLength);
  }

  int requestIdStart() {
    return requestIdStart;
  }

  int requestIdLength() {
    return requestIdLength;
  }

  int titleStart() {
    return titleStart;
  }

  int titleLength() {
    return titleLength;
  }

  String scope() {
    return string(scopeStart, scopeLength);
  }

  String type() {
    return string(typeStart, typeLength);
  }

  /** The request's version, null where it has none. */
  @Nullable String version() {
    return versionStart < 0 ? null : string(versionStart, versionLength);
  }

  /** The request's status, null where it has none. */
  @Nullable String status() {
    return statusStart < 0 ? null : string(statusStart, statusLength);
  }

  /** Where the request's context (an Avro map of context values) starts. */
  int contextStart() {
    return contextStart;
  }

  /** Where the request's context ends. */
  int contextEnd() {
    return contextEnd;
  }

  /**
   * The text under {@code key} (its UTF-8 bytes) at the top of the request's context, as decoding
   * the context gives it (the last of repeated keys); null where there is none or it is not text.
   */
  @Nullable String contextText(byte[] key) {
    AvroCursor in = new AvroCursor();
    in.reset(bytes, contextStart);
    String text = null;
    for (long count; (count = in.readBlockCount()) != 0; ) {
      for (long i = 0; i < count; i++) {
        int n = in.readLength();
        boolean found = Arrays.equals(bytes, in.pos, in.pos + n, key, 0, key.length);
        in.pos += n;
        int node = in.pos;
        if (found && in.readBranch(AvroCursor.MAP + 1) == AvroCursor.STRING) {
          int length = in.readLength();
          text = string(in.pos, length);
          in.pos += length;
        } else {
          text = found ? null : text;
          in.pos = node;
          in.skipNode(1);
        }
      }
    }
    return text;
  }

  private String string(int start, int length) {
    return new String(bytes, start, length, StandardCharsets.UTF_8);
  }
}
