package dev.registrystreams.topology;

import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

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

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroSerde(Class<T> type) {
    this.type = type;
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
  }

  /** A serde for the generated class {@code type}. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type);
  }

  /** Encodes one record; never returns null for a non-null record. */
  public byte[] encode(T record) {
    if (record == null) {
      return null;
    }
    try {
      // The encoder writes into a per-thread buffer and hands back an exactly sized copy.
      return encoder.encode(record).array();
    } catch (IOException | AvroRuntimeException e) {
      throw new SerializationException(
          "cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes one record. Bytes that are not a single-object encoded {@code T} raise a {@link
   * SerializationException} whose message says why, in one line.
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return decoder.decode(bytes);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new SerializationException(
          "not a single-object encoded " + type.getSimpleName() + ": " + describe(e), e);
    } catch (StackOverflowError e) {
      // A hostile, deeply nested value must not kill the stream thread.
      throw new SerializationException(
          "not a single-object encoded " + type.getSimpleName() + ": nesting too deep to decode");
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
