package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.core.GenerationInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Where the fields of a {@link GenerationRequest} lie in Avro binary data, found by walking its
 * varints: a request as it arrived, or the start of an accepted request's body. What it reads it
 * reads as Avro's decoder does, so that a request can be looked at without building its Avro tree.
 */
final class EncodedGenerationRequest {

  private static final int HEADER_LENGTH = 10;
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  // The fields the walk expects, in schema order.
  private static final List<String> FIELDS =
      List.of("requestId", "title", "scope", "type", "context", "version", "status");

  static {
    checkFields(GenerationRequest.getClassSchema(), FIELDS);
  }

  /** Fails unless {@code schema}'s fields are {@code expected}, in that order. */
  static void checkFields(Schema schema, List<String> expected) {
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

  private EncodedGenerationRequest(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Where the fields of {@code bytes} lie, or null when they are not a single-object encoded
   * request of this schema with nothing after it (then decoding them says what they are).
   */
  static @Nullable EncodedGenerationRequest of(byte[] bytes) {
    if (!REQUESTS.hasHeader(bytes)) {
      return null;
    }
    try {
      AvroCursor in = new AvroCursor();
      in.reset(bytes, HEADER_LENGTH);
      EncodedGenerationRequest request = walk(in);
      return in.atEnd() ? request : null;
    } catch (AvroCursor.Malformed | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  /**
   * Walks a request's body from where {@code in} stands, leaving it after the body.
   *
   * @throws AvroCursor.Malformed or {@link ArrayIndexOutOfBoundsException} where the bytes are not
   *     a request's body
   */
  static EncodedGenerationRequest walk(AvroCursor in) {
    EncodedGenerationRequest request = new EncodedGenerationRequest(in.bytes);
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

  /**
   * The core's view of the request, as {@link Requests#toInput} gives it for the decoded record
   * (the context's maps in the order their keys are written, not in a hash map's).
   *
   * @throws ContextValues.TooDeepException if the context nests deeper than {@code maxDepth}
   */
  GenerationInput input(long timestamp, int maxDepth) {
    return new GenerationInput(
        string(requestIdStart, requestIdLength),
        string(titleStart, titleLength),
        scope(),
        type(),
        context(maxDepth),
        version(),
        status(),
        timestamp);
  }

  /**
   * The context as Java values, as {@link ContextValues#toJava} gives them for the decoded record.
   *
   * @throws ContextValues.TooDeepException if it nests deeper than {@code maxDepth}
   */
  Map<String, Object> context(int maxDepth) {
    AvroCursor in = new AvroCursor();
    in.reset(bytes, contextStart);
    return map(in, 1, maxDepth);
  }

  // The depths are counted as ContextValues counts them: a list's items one level below it.
  private Map<String, Object> map(AvroCursor in, int depth, int maxDepth) {
    if (depth > maxDepth) {
      throw new ContextValues.TooDeepException(maxDepth);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (long count; (count = in.readBlockCount()) != 0; ) {
      for (long i = 0; i < count; i++) {
        String key = readString(in);
        out.put(key, node(in, depth, maxDepth));
      }
    }
    return out;
  }

  private @Nullable Object node(AvroCursor in, int depth, int maxDepth) {
    return switch (in.readBranch(AvroCursor.MAP + 1)) {
      case AvroCursor.NULL -> null;
      // Avro reads a boolean as true exactly when its byte is 1.
      case AvroCursor.BOOLEAN -> bytes[in.pos++] == 1;
      case AvroCursor.LONG -> in.readLong();
      case AvroCursor.DOUBLE -> readDouble(in);
      case AvroCursor.STRING -> readString(in);
      case AvroCursor.ARRAY -> list(in, depth + 1, maxDepth);
      default -> map(in, depth + 1, maxDepth);
    };
  }

  private List<Object> list(AvroCursor in, int depth, int maxDepth) {
    if (depth > maxDepth) {
      throw new ContextValues.TooDeepException(maxDepth);
    }
    List<Object> out = new ArrayList<>();
    for (long count; (count = in.readBlockCount()) != 0; ) {
      for (long i = 0; i < count; i++) {
        out.add(node(in, depth, maxDepth));
      }
    }
    return out;
  }

  private String readString(AvroCursor in) {
    int length = in.readLength();
    String text = string(in.pos, length);
    in.pos += length;
    return text;
  }

  // Avro writes a double as the 8 bytes of its IEEE 754 form, least significant first.
  private double readDouble(AvroCursor in) {
    long bits = 0;
    for (int i = Double.BYTES - 1; i >= 0; i--) {
      bits = (bits << 8) | (bytes[in.pos + i] & 0xffL);
    }
    in.pos += Double.BYTES;
    return Double.longBitsToDouble(bits);
  }

  byte[] bytes() {
    return bytes;
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
          text = readString(in);
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
