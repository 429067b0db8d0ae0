package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.internal.AcceptedRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryData;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * The repartition topic's serde: an {@link AcceptedRequest} in Avro single-object encoding, read
 * back as {@link AvroSerde} reads it. A request that masking left as it came is written with the
 * bytes it arrived in rather than encoded again: the accepted request's body starts with its
 * request's, so those bytes are copied and only the few fields after them encoded. Decoding gives
 * the same record either way. What it reads stays bytes until the resolve side needs the record
 * ({@link RepartitionedRequest}).
 */
final class RepartitionSerde implements Serde<RepartitionedRequest> {

  private static final int HEADER_LENGTH = 10;
  private static final AvroSerde<AcceptedRequest> ACCEPTED = AvroSerde.of(AcceptedRequest.class);
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  /** Whether {@code arrivedRequest} is a request's encoding that can start an accepted one's. */
  static boolean canSplice(byte[] arrivedRequest) {
    return REQUESTS.hasHeader(arrivedRequest);
  }

  static AcceptedRequest decode(byte[] bytes) {
    return ACCEPTED.decode(bytes);
  }

  /**
   * The bytes written to the repartition topic for {@code accepted}.
   *
   * @param arrivedRequest what its request was decoded from, all of it, when masking left it as it
   *     came (so that its body is exactly the request's); else null
   */
  static byte[] encode(AcceptedRequest accepted, byte @Nullable [] arrivedRequest) {
    if (arrivedRequest == null || !canSplice(arrivedRequest)) {
      return ACCEPTED.encode(accepted);
    }
    byte[] request = arrivedRequest;
    byte[] entryId = accepted.getEntryId().getBytes(StandardCharsets.UTF_8);
    byte[] topic = accepted.getSourceTopic().getBytes(StandardCharsets.UTF_8);
    ByteBuffer key = accepted.getOriginalKey();
    int keyLength = key == null ? 0 : key.remaining();
    int bodyLength = request.length - HEADER_LENGTH;
    int partition = accepted.getSourcePartition();
    long offset = accepted.getSourceOffset();
    // Sized exactly, so that the record is written once and never copied to its length.
    byte[] out =
        new byte
            [HEADER_LENGTH
                + bodyLength
                + stringLength(entryId)
                + 1
                + (key == null ? 0 : AvroCursor.varintLength(keyLength) + keyLength)
                + stringLength(topic)
                + AvroCursor.varintLength(partition)
                + AvroCursor.varintLength(offset)];
    ACCEPTED.writeHeader(out);
    System.arraycopy(request, HEADER_LENGTH, out, HEADER_LENGTH, bodyLength);
    int at = HEADER_LENGTH + bodyLength;
    at = string(entryId, out, at);
    if (key == null) {
      at += BinaryData.encodeInt(0, out, at);
    } else {
      at += BinaryData.encodeInt(1, out, at);
      at += BinaryData.encodeLong(keyLength, out, at);
      key.duplicate().get(out, at, keyLength);
      at += keyLength;
    }
    at = string(topic, out, at);
    at += BinaryData.encodeInt(partition, out, at);
    BinaryData.encodeLong(offset, out, at);
    return out;
  }

  private static int stringLength(byte[] utf8) {
    return AvroCursor.varintLength(utf8.length) + utf8.length;
  }

  private static int string(byte[] utf8, byte[] out, int at) {
    at += BinaryData.encodeLong(utf8.length, out, at);
    System.arraycopy(utf8, 0, out, at, utf8.length);
    return at + utf8.length;
  }

  @Override
  public Serializer<RepartitionedRequest> serializer() {
    return (topic, accepted) -> accepted == null ? null : accepted.bytes();
  }

  @Override
  public Deserializer<RepartitionedRequest> deserializer() {
    return (topic, bytes) -> bytes == null ? null : RepartitionedRequest.read(bytes);
  }
}
