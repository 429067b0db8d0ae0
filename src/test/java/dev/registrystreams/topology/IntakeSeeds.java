package dev.registrystreams.topology;

import static dev.registrystreams.topology.RegistryTopologyDriver.request;

import dev.registrystreams.avro.GenerationRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the seed corpus of {@link TopologyIntakeFuzzTest}: requests encoded with the current
 * schema ({@code valid-*}, and bad ones that still decode) and bytes that must not decode. Run it
 * after a change to GenerationRequest.avsc, as docs/FUZZING.md says; it overwrites only its own
 * files, so findings added beside them stay.
 */
final class IntakeSeeds {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  private IntakeSeeds() {}

  public static void main(String[] args) throws IOException {
    Path dir =
        Path.of(
            args.length > 0
                ? args[0]
                : "src/test/resources/dev/registrystreams/topology/TopologyIntakeFuzzTestInputs"
                    + "/everyRecordYieldsExactlyOneAnswer");
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
      Files.write(dir.resolve(seed.getKey()), seed.getValue());
    }
  }

  static Map<String, byte[]> seeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put("valid-minimal", encode(request("seed-1", "A title", Map.of())));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", "prod");
    context.put("owners", List.of("ops", Map.of("name", "db", "port", 5432L)));
    context.put("ratio", 0.25);
    context.put("enabled", true);
    context.put("nothing", null);
    context.put("db_password", "hunter2");
    context.put("url", "postgres://app:secret@db:5432/x");
    GenerationRequest full = request("seed-2", "SEC", "POLICY", "Ünïcode title ✓", context);
    full.setVersion("v3.1.4");
    full.setStatus("OPTIONAL");
    seeds.put("valid-context", encode(full));
    seeds.put("valid-deep-context", encode(request("seed-3", "Deep", nested(8))));

    // Decodable, then refused.
    seeds.put("unknown-scope", encode(request("seed-4", "MARKETING", "RULES", "T", Map.of())));
    seeds.put("too-deep-context", encode(request("seed-5", "Too deep", nested(9))));
    seeds.put("very-deep-context", encode(request("seed-6", "Very deep", nested(200))));
    seeds.put("title-control-character", encode(request("seed-7", "bell \u0007", Map.of())));
    GenerationRequest badVersion = request("seed-8", "Bad version", Map.of());
    badVersion.setVersion("2.9");
    seeds.put("invalid-version", encode(badVersion));

    // Not decodable, or not as sent.
    byte[] valid = encode(request("seed-9", "QQQ title", Map.of()));
    seeds.put("title-invalid-utf8", replace(valid, "QQQ", new byte[] {'a', (byte) 0xFF, 'b'}));
    seeds.put("title-lone-surrogate", replace(valid, "QQQ", new byte[] {(byte) 0xED, -96, -128}));
    seeds.put("trailing-bytes", concat(valid, new byte[] {0, 1, 2}));
    seeds.put("truncated", Arrays.copyOf(valid, valid.length - 3));
    seeds.put("header-only", Arrays.copyOf(valid, 10));
    // Lengths past what a Java array holds: a string of 2^62 bytes right after the header, a
    // context of 2^40 entries in place of the empty one.
    seeds.put("huge-string-length", concat(Arrays.copyOf(valid, 10), zigzagVarint(1L << 62)));
    seeds.put(
        "huge-map-length", concat(Arrays.copyOf(valid, valid.length - 3), zigzagVarint(1L << 40)));
    seeds.put("no-header", "{\"requestId\": \"r\"}".getBytes(StandardCharsets.UTF_8));
    seeds.put(
        "wrong-fingerprint", concat(new byte[] {(byte) 0xC3, 1, 1, 2, 3, 4, 5, 6, 7, 8}, valid));
    return seeds;
  }

  private static byte[] encode(GenerationRequest request) {
    return REQUESTS.encode(request);
  }

  private static Map<String, Object> nested(int depth) {
    Map<String, Object> context = Map.of("leaf", "x");
    for (int i = 1; i < depth; i++) {
      context = Map.of("n", context);
    }
    return context;
  }

  /** {@code bytes} with the UTF-8 of {@code marker} replaced by as many other bytes. */
  private static byte[] replace(byte[] bytes, String marker, byte[] with) {
    byte[] find = marker.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + find.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + find.length, find, 0, find.length)) {
        byte[] out = bytes.clone();
        System.arraycopy(with, 0, out, i, find.length);
        return out;
      }
    }
    throw new IllegalArgumentException("no " + marker);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  private static byte[] zigzagVarint(long value) {
    long n = (value << 1) ^ (value >> 63);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((n & ~0x7FL) != 0) {
      out.write((int) ((n & 0x7F) | 0x80));
      n >>>= 7;
    }
    out.write((int) n);
    return out.toByteArray();
  }
}
