package dev.registrystreams.topology;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.internal.AcceptedRequest;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryData;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

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

  static AcceptedRequest decode(byte[] bytes) {
    return ACCEPTED.decode(bytes);
  }

  /** The bytes written to the repartition topic for {@code accepted}, encoded in full. */
  static byte[] encode(AcceptedRequest accepted) {
    return ACCEPTED.encode(accepted);
  }

  /**
   * The bytes written to the repartition topic for a request accepted as it came: {@code
   * arrivedRequest}, a single-object encoded request whose body is copied as the accepted request's
   * first field, and the accepted fields after it. Decoding them gives what encoding the record in
   * full gives.
   */
  static byte[] splice(byte[] arrivedRequest, String entryId, Origin origin) {
    if (!REQUESTS.hasHeader(arrivedRequest)) {
      throw new IllegalArgumentException("not a single-object encoded GenerationRequest");
    }
    byte[] id = entryId.getBytes(StandardCharsets.UTF_8);
    byte[] topic = origin.topic().getBytes(StandardCharsets.UTF_8);
    byte[] key = origin.key();
    int bodyLength = arrivedRequest.length - HEADER_LENGTH;
    int partition = origin.partition();
    long offset = origin.offset();
    // Sized exactly, so that the record is written once and never copied to its length.
    byte[] out =
        new byte
            [HEADER_LENGTH
                + bodyLength
                + stringLength(id)
                + (key == null ? 1 : 1 + stringLength(key))
                + stringLength(topic)
                + AvroCursor.varintLength(partition)
                + AvroCursor.varintLength(offset)];
    ACCEPTED.writeHeader(out);
    System.arraycopy(arrivedRequest, HEADER_LENGTH, out, HEADER_LENGTH, bodyLength);
    int at = HEADER_LENGTH + bodyLength;
    at = string(id, out, at);
    // The original key: a union of null and bytes, which are written as a string is.
    at += BinaryData.encodeInt(key == null ? 0 : 1, out, at);
    if (key != null) {
      at = string(key, out, at);
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
