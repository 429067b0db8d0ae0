package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.registrystreams.avro.GenerationRequest;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The wire format is plain Avro single-object encoding: anyone holding only the .avsc file can read
 * and write it, without this project's classes.
 */
class AvroSerdeTest {

  private static final AvroSerde<GenerationRequest> SERDE = AvroSerde.of(GenerationRequest.class);

  private static Schema contractSchema() throws IOException {
    return new Schema.Parser().parse(new File("schemas/GenerationRequest.avsc"));
  }

  @Test
  void encodingIsMarkerFingerprintAndBinaryBody() throws IOException {
    GenerationRequest request =
        RegistryTopologyDriver.request(
            "r1", "A title", Map.of("env", "prod", "n", 3L, "list", List.of("a", 1.5)));

    byte[] bytes = SERDE.encode(request);

    Schema schema = contractSchema();
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(schema));

    GenericRecord generic =
        new GenericDatumReader<GenericRecord>(schema)
            .read(
                null,
                DecoderFactory.get()
                    .binaryDecoder(Arrays.copyOfRange(bytes, 10, bytes.length), null));
    assertThat(generic.get("requestId").toString()).isEqualTo("r1");
    assertThat(generic.get("title").toString()).isEqualTo("A title");
  }

  @Test
  void aRecordWrittenFromTheSchemaFileAloneDecodes() throws IOException {
    Schema schema = contractSchema();
    GenericRecord generic = new GenericData.Record(schema);
    generic.put("requestId", "from-elsewhere");
    generic.put("title", "Written without the generated classes");
    generic.put("scope", "SEC");
    generic.put("type", "POLICY");
    generic.put("context", Map.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0xC3, 0x01});
    out.write(
        ByteBuffer.allocate(8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(SchemaNormalization.parsingFingerprint64(schema))
            .array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(generic, encoder);
    encoder.flush();

    GenerationRequest decoded = SERDE.decode(out.toByteArray());

    assertThat(decoded.getRequestId()).isEqualTo("from-elsewhere");
    assertThat(decoded.getScope()).isEqualTo("SEC");
    assertThat(decoded.getVersion()).isNull();
  }

  @Test
  void bytesThatAreNotTheContractFailWithOneLine() {
    assertThatThrownBy(() -> SERDE.decode("plain text".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("not a single-object encoded GenerationRequest: ");
  }

  @Test
  void aHostileNestingDepthIsAnErrorNotACrash() {
    // C3 01, the fingerprint, then a body whose context nests arrays far beyond any stack.
    byte[] header =
        Arrays.copyOf(SERDE.encode(RegistryTopologyDriver.request("r", "t", Map.of())), 10);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(header);
    body.writeBytes(new byte[] {2, 'r', 2, 't', 6, 'G', 'O', 'V', 10, 'R', 'U', 'L', 'E', 'S'});
    body.write(2); // context: a map block of one entry
    body.writeBytes(new byte[] {2, 'k'});
    for (int i = 0; i < 400_000; i++) {
      body.write(10); // union branch 5: array
      body.write(2); // an array block of one item
    }
    assertThatThrownBy(() -> SERDE.decode(body.toByteArray()))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("not a single-object encoded GenerationRequest: ");
  }

  @Test
  void aLengthPastWhatAJavaArrayHoldsIsAnErrorNotACrash() {
    // Found by TopologyIntakeFuzzTest: Avro refuses such a length with an
    // UnsupportedOperationException, which also escaped the processing error handler.
    byte[] header =
        Arrays.copyOf(SERDE.encode(RegistryTopologyDriver.request("r", "t", Map.of())), 10);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(header);
    // requestId: a string of 2^62 bytes, as a zig-zag varint.
    body.writeBytes(new byte[] {-128, -128, -128, -128, -128, -128, -128, -128, -128, 1});
    assertThatThrownBy(() -> SERDE.decode(body.toByteArray()))
        .isInstanceOf(SerializationException.class)
        .hasMessage(
            "not a single-object encoded GenerationRequest: Cannot read strings longer than"
                + " 2147483639 bytes");
  }
}
