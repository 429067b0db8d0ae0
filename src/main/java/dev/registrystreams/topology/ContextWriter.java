package dev.registrystreams.topology;

import dev.registrystreams.avro.ContextValue;
import dev.registrystreams.avro.GenerationRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Encodes a context (Java values) as a request's context field is encoded: the Avro map of {@code
 * ContextValue} that encoding the whole request writes for it, byte for byte.
 */
final class ContextWriter {

  private static final Schema CONTEXT =
      GenerationRequest.getClassSchema().getField("context").schema();
  // Stateless once made, so shared by every stream thread.
  private static final DatumWriter<Map<String, ContextValue>> WRITER =
      new SpecificDatumWriter<>(CONTEXT, SpecificData.getForClass(GenerationRequest.class));

  private ContextWriter() {}

  static byte[] encode(Map<String, Object> context) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      WRITER.write(ContextValues.toAvro(context), encoder);
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array cannot fail to be written to", e);
    }
    return out.toByteArray();
  }
}
