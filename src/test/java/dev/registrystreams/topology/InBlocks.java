package dev.registrystreams.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Avro's blocking encoder: maps and lists cut into blocks that carry their byte size. */
final class InBlocks {

  private InBlocks() {}

  /** {@code record} single-object encoded by {@code serde}'s header, its body in small blocks. */
  static <T extends SpecificRecord> byte[] encode(AvroSerde<T> serde, T record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] header = new byte[10];
      serde.writeHeader(header);
      out.write(header);
      BinaryEncoder encoder =
          new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(out, null);
      @SuppressWarnings("unchecked")
      Class<T> type = (Class<T>) record.getClass();
      new SpecificDatumWriter<>(type).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
