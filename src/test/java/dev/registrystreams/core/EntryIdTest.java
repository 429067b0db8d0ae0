package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntryIdTest {

  private static final String FORMAT = "^[A-Z0-9]+-[A-Z0-9]+-[0-9A-HJKMNP-TV-Z]{10}$";

  @Test
  void idIsScopeTypeAndTenCrockfordCharacters() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String id = EntryId.derive("GOV", "RULES", DedupKey.of("GOV", "RULES", "title " + i));
      assertThat(id).matches(FORMAT).startsWith("GOV-RULES-");
      ids.add(id);
    }
    assertThat(ids).hasSize(2000);
  }

  @Test
  void suffixIsTheTop50BitsOfHighInBase32() {
    assertThat(EntryId.derive("A", "B", new DedupKey(0L, -1L))).isEqualTo("A-B-0000000000");
    assertThat(EntryId.derive("A", "B", new DedupKey(-1L, 0L))).isEqualTo("A-B-ZZZZZZZZZZ");
    // Only bit 14 set: the lowest of the top 50 bits.
    assertThat(EntryId.derive("A", "B", new DedupKey(1L << 14, 0L))).isEqualTo("A-B-0000000001");
    assertThat(EntryId.derive("A", "B", new DedupKey((1L << 14) - 1, 0L)))
        .isEqualTo("A-B-0000000000");
    // Top 5 bits 10110 = 22 = 'P'.
    assertThat(EntryId.derive("A", "B", new DedupKey(0b10110L << 59, 0L)))
        .isEqualTo("A-B-P000000000");
  }

  @Test
  void knownIdsArePinned() {
    assertThat(EntryId.derive("GOV", "RULES", DedupKey.of("GOV", "RULES", "Access control policy")))
        .isEqualTo("GOV-RULES-051N9KYNTF");
  }
}
