package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dynatrace.hash4j.hashing.HashValue128;
import com.dynatrace.hash4j.hashing.Hashing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DedupKeyTest {

  @Test
  void hash4jReportsXxh3HighBitsAsMostSignificant() {
    // Reference vector: XXH3_128bits("") = 99aa06d3014798d8 6001c324468d497f (xxhash sanity tests).
    HashValue128 empty = Hashing.xxh3_128().hashBytesTo128Bits(new byte[0]);
    assertThat(empty.getMostSignificantBits()).isEqualTo(0x99aa06d3014798d8L);
    assertThat(empty.getLeastSignificantBits()).isEqualTo(0x6001c324468d497fL);
  }

  @Test
  void keyIsXxh3OfTheDocumentedEncoding() {
    String title = "  Access   control\tpolicy ";
    byte[] expected = documentedEncoding("GOV", "RULES", "Access control policy");
    assertThat(DedupKey.encode("GOV", "RULES", title)).isEqualTo(expected);
    HashValue128 hash = Hashing.xxh3_128().hashBytesTo128Bits(expected);
    DedupKey key = DedupKey.of("GOV", "RULES", title);
    assertThat(key.high()).isEqualTo(hash.getMostSignificantBits());
    assertThat(key.low()).isEqualTo(hash.getLeastSignificantBits());
  }

  @Test
  void knownKeysArePinned() {
    // Computed once; a change here changes every dedup key and entry id in existing registries.
    assertThat(DedupKey.of("GOV", "RULES", "Access control policy").hex())
        .isEqualTo("014354cfd5d3d41c748125b64a6602c1");
    assertThat(DedupKey.of("SEC", "POLICY", "Password rotation \uD83D\uDD10").hex())
        .isEqualTo("8e8b1e066832ecec2a11eff76f4a52be");
  }

  @Test
  void fieldBoundariesCannotBeShifted() {
    DedupKey abC = DedupKey.of("AB", "C", "x");
    DedupKey aBc = DedupKey.of("A", "BC", "x");
    assertThat(abC).isNotEqualTo(aBc);
    assertThat(abC.hex()).isEqualTo("c2b8e2468fe44507d6cab6805c191f99");
    assertThat(aBc.hex()).isEqualTo("5ae7b33f349e89cb3ad95876d348eb02");
    assertThat(DedupKey.of("GOV", "RULESx", "y")).isNotEqualTo(DedupKey.of("GOV", "RULES", "xy"));
  }

  @Test
  void equivalentTitlesShareAKeyAndDifferentOnesDoNot() {
    DedupKey key = DedupKey.of("GOV", "RULES", "Caf\u00E9 rules");
    assertThat(DedupKey.of("GOV", "RULES", " Cafe\u0301\n rules\t")).isEqualTo(key);
    assertThat(DedupKey.of("GOV", "RULES", "caf\u00E9 rules")).isNotEqualTo(key);
    assertThat(DedupKey.of("SEC", "RULES", "Caf\u00E9 rules")).isNotEqualTo(key);
  }

  @Test
  void hexIs32LowercaseCharactersHighThenLow() {
    DedupKey key = new DedupKey(0x0123456789abcdefL, 0xfedcba9876543210L);
    assertThat(key.hex()).isEqualTo("0123456789abcdeffedcba9876543210");
    assertThat(new DedupKey(0, 1).hex()).isEqualTo("00000000000000000000000000000001");
    assertThat(DedupKey.fromHex(key.hex())).isEqualTo(key);
    assertThat(DedupKey.fromHex("0123456789ABCDEFFEDCBA9876543210")).isEqualTo(key);
  }

  @Test
  void fromHexRejectsBadInputClearly() {
    assertThatThrownBy(() -> DedupKey.fromHex("abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dedup key 'abc' has 3 characters; expected 32 hex characters");
    assertThatThrownBy(() -> DedupKey.fromHex("0123456789abcdeffedcba987654321g"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "dedup key '0123456789abcdeffedcba987654321g' has a non-hex character at position 32;"
                + " expected 32 hex characters");
    assertThatThrownBy(() -> DedupKey.fromHex("+123456789abcdeffedcba9876543210"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("position 1");
    assertThatThrownBy(() -> DedupKey.fromHex(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dedup key is null; expected 32 hex characters");
  }

  private static byte[] documentedEncoding(String... parts) {
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    for (String part : parts) {
      byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
      buffer.putInt(utf8.length).put(utf8);
    }
    byte[] out = new byte[buffer.position()];
    buffer.flip().get(out);
    return out;
  }
}
