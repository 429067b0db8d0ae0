package dev.registrystreams.topology;

import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryData;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads and answers from an entries-store value (a single-object encoded {@link RegistryEntry})
 * without decoding the whole entry: most requests repeat an entry, and their answer is the stored
 * record with another request id and outcome.
 */
final class StoredEntry {

  /** The two fields a repeated request is decided by. */
  record Summary(String dedupKey, String contentHash) {}

  /** Marker and fingerprint of single-object encoding, ahead of the binary body. */
  private static final int HEADER_LENGTH = 10;

  private static final Schema SCHEMA = RegistryEntry.getClassSchema();
  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);

  // Schema resolution skips every other field, the config and the context tree among them.
  private static final GenericDatumReader<GenericRecord> SUMMARY =
      new GenericDatumReader<>(SCHEMA, projection("dedupKey", "contentHash"));

  static {
    // The answer is spliced in front of the stored body's third field: the schema must start with
    // the two fields an answer replaces.
    List<Schema.Field> fields = SCHEMA.getFields();
    if (!fields.get(0).name().equals("requestId") || !fields.get(1).name().equals("outcome")) {
      throw new IllegalStateException("RegistryEntry must start with requestId and outcome");
    }
  }

  private StoredEntry() {}

  private static Schema projection(String... names) {
    List<Schema.Field> fields =
        Arrays.stream(names)
            .map(name -> new Schema.Field(SCHEMA.getField(name), SCHEMA.getField(name).schema()))
            .toList();
    return Schema.createRecord(
        SCHEMA.getName(), SCHEMA.getDoc(), SCHEMA.getNamespace(), false, fields);
  }

  /** The dedup key and content hash of a stored entry. */
  static Summary summary(byte[] stored) {
    try {
      GenericRecord record = SUMMARY.read(null, body(stored));
      return new Summary(record.get("dedupKey").toString(), record.get("contentHash").toString());
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new SerializationException("not a stored RegistryEntry: " + e.getMessage(), e);
    }
  }

  /**
   * The stored entry as the answer to {@code requestId} with {@code outcome}: byte for byte what
   * encoding the decoded entry with those two fields replaced gives.
   */
  static byte[] answer(byte[] stored, String requestId, Outcome outcome) {
    int rest;
    try {
      BinaryDecoder in = body(stored);
      in.skipString();
      in.readEnum();
      rest = in.inputStream().available();
    } catch (IOException e) {
      throw new SerializationException("not a stored RegistryEntry: " + e.getMessage(), e);
    }
    byte[] id = requestId.getBytes(StandardCharsets.UTF_8);
    // Varints: at most 10 bytes for the string's length, 5 for the enum's index.
    byte[] prefix = new byte[HEADER_LENGTH + 10 + id.length + 5];
    System.arraycopy(stored, 0, prefix, 0, HEADER_LENGTH);
    int length = HEADER_LENGTH;
    length += BinaryData.encodeLong(id.length, prefix, length);
    System.arraycopy(id, 0, prefix, length, id.length);
    length += id.length;
    length += BinaryData.encodeInt(outcome.ordinal(), prefix, length);

    byte[] answer = Arrays.copyOf(prefix, length + rest);
    System.arraycopy(stored, stored.length - rest, answer, length, rest);
    return answer;
  }

  private static BinaryDecoder body(byte[] stored) {
    if (!ENTRIES.hasHeader(stored)) {
      throw new SerializationException(
          "not a stored RegistryEntry: the bytes do not start with its schema's fingerprint");
    }
    return DecoderFactory.get()
        .binaryDecoder(stored, HEADER_LENGTH, stored.length - HEADER_LENGTH, null);
  }
}
