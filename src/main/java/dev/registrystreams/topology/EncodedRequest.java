package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.core.GenerationInput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

/**
 * An encoded {@link GenerationRequest} and where its fields lie in it, found by walking its varints
 * without decoding anything: what the core's input is read from, and what a repeated request is
 * compared to its stored entry by. The walk checks the framing, so bytes it accepts decode.
 */
final class EncodedRequest {

  private static final int HEADER_LENGTH = 10;
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  // The fields the walk expects, in schema order; checked against the schema below.
  private static final List<String> FIELDS =
      List.of("requestId", "title", "scope", "type", "context", "version", "status");

  static {
    List<String> names =
        GenerationRequest.getClassSchema().getFields().stream().map(Schema.Field::name).toList();
    if (!names.equals(FIELDS)) {
      throw new IllegalStateException(
          "GenerationRequest's fields are not " + FIELDS + ": " + names);
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

  private EncodedRequest(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Where the fields of {@code bytes} lie, or null when they are not a single-object encoded {@link
   * GenerationRequest} the walk can read (then decoding them says why, or reads a context nested
   * deeper than {@link AvroCursor#MAX_DEPTH}).
   */
  static @Nullable EncodedRequest of(byte[] bytes) {
    if (!REQUESTS.hasHeader(bytes)) {
      return null;
    }
    AvroCursor in = new AvroCursor();
    in.reset(bytes, HEADER_LENGTH);
    try {
      EncodedRequest request = walk(in);
      return in.atEnd() ? request : null;
    } catch (AvroCursor.Malformed | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  /**
   * The request encoded from {@code in}'s position, which is left after it.
   *
   * @throws AvroCursor.Malformed if it is not an encoded request (or {@link
   *     ArrayIndexOutOfBoundsException} if it ends early)
   */
  static EncodedRequest walk(AvroCursor in) {
    EncodedRequest request = new EncodedRequest(in.bytes);
    request.requestIdLength = in.readLength();
    request.requestIdStart = in.pos;
    in.pos += request.requestIdLength;
    request.titleLength = in.readLength();
    request.titleStart = in.pos;
    in.pos += request.titleLength;
    request.scopeLength = in.readLength();
    request.scopeStart = in.pos;
    in.pos += request.scopeLength;
    request.typeLength = in.readLength();
    request.typeStart = in.pos;
    in.pos += request.typeLength;
    request.contextStart = in.pos;
    in.skipMap(1);
    request.contextEnd = in.pos;
    if (in.readBranch(2) == 1) {
      request.versionLength = in.readLength();
      request.versionStart = in.pos;
      in.pos += request.versionLength;
    }
    if (in.readBranch(2) == 1) {
      request.statusLength = in.readLength();
      request.statusStart = in.pos;
      in.pos += request.statusLength;
    }
    return request;
  }

  /** The bytes the request lies in. */
  byte[] bytes() {
    return bytes;
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

  /**
   * The request's bytes with its context replaced by {@code context}: what encoding the decoded
   * request with that context gives.
   */
  byte[] withContext(Map<String, Object> context) {
    byte[] encoded = ContextWriter.encode(context);
    int tail = bytes.length - contextEnd;
    byte[] out = new byte[contextStart + encoded.length + tail];
    System.arraycopy(bytes, 0, out, 0, contextStart);
    System.arraycopy(encoded, 0, out, contextStart, encoded.length);
    System.arraycopy(bytes, contextEnd, out, contextStart + encoded.length, tail);
    return out;
  }

  String requestId() {
    return string(requestIdStart, requestIdLength);
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
