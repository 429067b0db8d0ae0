package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The feed position's text: round trips, stays compact and URL-safe, and refuses anything else. */
class FeedPositionTest {

  @Test
  void roundTripsEveryShapeOfPosition() {
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      Map<Integer, Long> offsets = new TreeMap<>();
      int partitions = random.nextInt(40);
      int partition = -1;
      for (int p = 0; p < partitions; p++) {
        partition += 1 + random.nextInt(i % 3 == 0 ? 1000 : 2);
        long offset =
            switch (random.nextInt(4)) {
              case 0 -> 0;
              case 1 -> random.nextInt(1_000_000);
              case 2 -> Long.MAX_VALUE - random.nextInt(10);
              default -> random.nextLong() & Long.MAX_VALUE;
            };
        offsets.put(partition, offset);
      }
      FeedPosition position = FeedPosition.of(offsets);
      String text = position.encode();
      assertThat(text).matches("[A-Za-z0-9_-]+");
      assertThat(FeedPosition.decode(text)).isEqualTo(position);
      assertThat(FeedPosition.decode(text).nextOffsets()).isEqualTo(offsets);
    }
  }

  @Test
  void sixPartitionsAtMillionsTakeFortyTwoCharacters() {
    Map<Integer, Long> offsets = new TreeMap<>();
    for (int p = 0; p < 6; p++) {
      offsets.put(p, 4_000_000L + p * 123_457);
    }
    assertThat(FeedPosition.of(offsets).encode()).hasSize(42);
  }

  @Test
  void anEmptyTopicHasAPositionToo() {
    FeedPosition none = FeedPosition.of(Map.of());
    assertThat(FeedPosition.decode(none.encode())).isEqualTo(none);
  }

  @Test
  void refusesWhatIsNotAPosition() {
    String valid = FeedPosition.of(Map.of(0, 300L, 1, 5L)).encode();
    assertRefused("", "is empty");
    assertRefused("not a position!", "not base64url");
    assertRefused("a+b/", "not base64url");
    assertRefused(b64(2, 0, 5), "unknown format");
    // Partition gap 0, then an offset whose varint never ends.
    assertRefused(b64(1, 0, 0x80), "truncated");
    assertRefused(valid.substring(0, valid.length() - 1), "truncated");
    // 300 as a varint is AC 02; AC 82 00 is the same number with a needless byte.
    assertRefused(b64(1, 0, 0xAC, 0x82, 0x00), "not minimally encoded");
    assertRefused(
        b64(1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), "out of range");
    assertRefused(b64(1, 0x80, 0x80, 0x80, 0x80, 0x10, 0), "partition out of range");
    assertRefused("A".repeat(20_000), "too long");
  }

  private static void assertRefused(String text, String why) {
    assertThatThrownBy(() -> FeedPosition.decode(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why);
  }

  private static String b64(int... bytes) {
    byte[] raw = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      raw[i] = (byte) bytes[i];
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
