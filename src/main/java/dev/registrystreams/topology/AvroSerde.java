package dev.registrystreams.topology;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Avro single-object encoding (C3 01, CRC-64-AVRO fingerprint, binary body) for one generated
 * record class: readable by any Avro library with nothing but the schema, no registry needed.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  private static final String CONTRACT_PACKAGE = "dev.registrystreams.avro.";

  static {
    // Avro refuses to instantiate classes it has not been told to trust; the generated contract
    // classes are ours, so trust exactly that package, on top of whatever else is trusted.
    ClassSecurityValidator.ClassSecurityPredicate contract =
        type -> type.getName().startsWith(CONTRACT_PACKAGE);
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), contract));
  }

  /** Marker (C3 01) and the 8-byte little-endian CRC-64-AVRO fingerprint. */
  private static final int HEADER_LENGTH = 10;

  private final Class<T> type;
  private final byte[] header;
  private final SpecificDatumWriter<T> writer;
  private final SpecificDatumReader<T> reader;
  // Only for bytes that do not start with this schema's header: it says why, in Avro's words.
  private final BinaryMessageDecoder<T> fallback;
  // Avro's own message encoder and decoder go through a stream a byte at a time; these work on
  // the array directly, and each stream thread reuses its own.
  private final ThreadLocal<Codec> codecs = ThreadLocal.withInitial(Codec::new);

  private AvroSerde(Class<T> type) {
    this.type = type;
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    this.header = header(schema);
    this.writer = new SpecificDatumWriter<>(schema, model);
    this.reader = new SpecificDatumReader<>(schema, schema, model);
    this.fallback = new BinaryMessageDecoder<>(model, schema);
  }

  private static byte[] header(Schema schema) {
    long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    byte[] header = new byte[HEADER_LENGTH];
    header[0] = (byte) 0xC3;
    header[1] = 0x01;
    for (int i = 0; i < 8; i++) {
      header[2 + i] = (byte) (fingerprint >>> (8 * i));
    }
    return header;
  }

  /** A serde for the generated class {@code type}. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type);
  }

  /** Encodes one record; never returns null for a non-null record. */
  @SuppressWarnings("NullAway") // null in, null out (Kafka's tombstones): JSpecify cannot say that
  public byte[] encode(T record) {
    return record == null ? null : encodePresent(record);
  }

  private byte[] encodePresent(T record) {
    Codec codec = codecs.get();
    try {
      codec.output.reset();
      codec.output.write(header, 0, header.length);
      codec.encoder = EncoderFactory.get().directBinaryEncoder(codec.output, codec.encoder);
      writer.write(record, codec.encoder);
      return codec.output.toByteArray();
    } catch (IOException | AvroRuntimeException e) {
      throw new SerializationException(
          "cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes one record. Bytes that are not a single-object encoded {@code T} raise a {@link
   * SerializationException} whose message says why, in one line.
   */
  @SuppressWarnings("NullAway") // null in, null out (Kafka's tombstones): JSpecify cannot say that
  public T decode(byte[] bytes) {
    return bytes == null ? null : decodePresent(bytes);
  }

  private T decodePresent(byte[] bytes) {
    try {
      return hasHeader(bytes) ? decodeBody(bytes) : fallback.decode(bytes);
    } catch (IOException
        | AvroRuntimeException
        | IndexOutOfBoundsException
        // Avro's refusal of a length past what a Java array can hold (2^31 - 9).
        | UnsupportedOperationException e) {
      throw new SerializationException(
          "not a single-object encoded " + type.getSimpleName() + ": " + describe(e), e);
    } catch (StackOverflowError e) {
      // A hostile, deeply nested value must not kill the stream thread.
      throw new SerializationException(
          "not a single-object encoded " + type.getSimpleName() + ": nesting too deep to decode");
    }
  }

  /** Writes the marker and this schema's fingerprint at the start of {@code out}. */
  void writeHeader(byte[] out) {
    System.arraycopy(header, 0, out, 0, HEADER_LENGTH);
  }

  /** Whether {@code bytes} start with the marker and this schema's fingerprint. */
  boolean hasHeader(byte[] bytes) {
    return bytes.length >= HEADER_LENGTH
        && Arrays.equals(bytes, 0, HEADER_LENGTH, header, 0, HEADER_LENGTH);
  }

  private T decodeBody(byte[] bytes) throws IOException {
    Codec codec = codecs.get();
    codec.decoder =
        DecoderFactory.get()
            .binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, codec.decoder);
    T record = reader.read(null, codec.decoder);
    if (!codec.decoder.isEnd()) {
      // Bytes that were not read are not part of the record: something else was sent.
      throw new IOException("bytes follow the end of the record");
    }
    return record;
  }

  /** What one thread reuses from record to record. */
  private static final class Codec {
    final Output output = new Output();
    // Reused from record to record once the first has made them.
    @Nullable BinaryEncoder encoder;
    @Nullable BinaryDecoder decoder;
  }

  /** A growable byte array; unlike ByteArrayOutputStream, it takes no lock per write. */
  private static final class Output extends OutputStream {
    private byte[] bytes = new byte[1024];
    private int length;

    void reset() {
      length = 0;
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int offset, int count) {
      ensure(count);
      System.arraycopy(b, offset, bytes, length, count);
      length += count;
    }

    private void ensure(int count) {
      if (length + count > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, length);
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, record) -> encode(record);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> decode(bytes);
  }
}
