package dev.registrystreams.topology;

import java.nio.ByteBuffer;

/** Avro gives bytes fields as ByteBuffers; Kafka wants arrays. */
final class Buffers {

  private Buffers() {}

  /** The remaining bytes of {@code buffer}, without moving its position; null stays null. */
  static byte[] toArray(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  static ByteBuffer wrap(byte[] bytes) {
    return bytes == null ? null : ByteBuffer.wrap(bytes);
  }
}
