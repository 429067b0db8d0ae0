package dev.registrystreams.topology;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** Avro gives bytes fields as ByteBuffers; Kafka wants arrays. */
final class Buffers {

  private Buffers() {}

  /** The remaining bytes of {@code buffer}, without moving its position; null stays null. */
  static byte @Nullable [] toArray(@Nullable ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  static @Nullable ByteBuffer wrap(byte @Nullable [] bytes) {
    return bytes == null ? null : ByteBuffer.wrap(bytes);
  }
}
