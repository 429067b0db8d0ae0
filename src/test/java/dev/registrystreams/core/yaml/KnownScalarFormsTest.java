package dev.registrystreams.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.nodes.Tag;

/** {@link KnownScalarForms} answers only where the reference writer's patterns answer the same. */
class KnownScalarFormsTest {

  private static final long SEED = 0x5CA1_A12L;
  // Dense in the characters of number, timestamp and word forms, so that near misses are common.
  private static final String ALPHABET = "0123456789012345-+._:eEbxoabcdfABCDFinINaTt yYnNo~=<$\n";

  @Test
  void everyAnswerIsTheReferenceResolversOnNearMisses() {
    Random random = new Random(SEED);
    int strings = 0;
    int timestamps = 0;
    for (int i = 0; i < 400_000; i++) {
      String value = nearMiss(random);
      Tag tag = KnownScalarForms.tagOf(value);
      if (tag != null) {
        if (tag.equals(Tag.STR)) {
          strings++;
        } else {
          timestamps++;
        }
        assertThat(tag).as("%s", value).isEqualTo(ReferenceYamlDump.resolvePlain(value));
      }
    }
    // The alphabet is built to reach every rule; a generator that stopped doing so would show.
    assertThat(strings).isGreaterThan(40_000);
    assertThat(timestamps).isGreaterThan(2_000);
  }

  @Test
  void hexDigestsAreStringsWithoutThePatterns() {
    Random random = new Random(SEED);
    for (int i = 0; i < 10_000; i++) {
      byte[] digest = new byte[random.nextBoolean() ? 16 : 32];
      random.nextBytes(digest);
      String hex = HexFormat.of().formatHex(digest);
      Tag tag = KnownScalarForms.tagOf(hex);
      assertThat(tag == null ? ReferenceYamlDump.resolvePlain(hex) : tag)
          .as("%s", hex)
          .isEqualTo(ReferenceYamlDump.resolvePlain(hex));
      if (hex.chars().anyMatch(c -> "acdf".indexOf(c) >= 0)) {
        assertThat(tag).as("%s", hex).isEqualTo(Tag.STR);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-24T01:35:46.123Z",
        "2026-11-24",
        "2026-1-2",
        "2026-11-24 01:35",
        "2026-11-24t",
        "1999-12-31T23:59:59.999Z"
      })
  void timestampsAreQuotedForYaml11WithoutThePatterns(String value) {
    assertThat(KnownScalarForms.tagOf(value))
        .isEqualTo(PortableDumpSchema.YAML11_ONLY)
        .isEqualTo(ReferenceYamlDump.resolvePlain(value));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0b101",
        "1e5",
        "123",
        "0x1F",
        "0o17",
        "1_000",
        "1:30",
        ".inf",
        "-.Inf",
        ".NaN",
        "1.5e+3",
        "0777",
        "2026-11-24T01:35\nx",
        "2026-111-24",
        "20261-1-1",
        "true",
        "yes",
        "~",
        ""
      })
  void numbersAndLookAlikesAreLeftToThePatterns(String value) {
    assertThat(KnownScalarForms.tagOf(value)).isNull();
  }

  private static String nearMiss(Random random) {
    StringBuilder out = new StringBuilder();
    if (random.nextInt(3) == 0) {
      // Dates with one to three digits a part and a separator or not: on and off the form.
      out.append(digits(random, 3 + random.nextInt(3))).append('-');
      out.append(digits(random, 1 + random.nextInt(3))).append(random.nextInt(8) == 0 ? '+' : '-');
      out.append(digits(random, 1 + random.nextInt(3)));
    }
    int length = random.nextInt(random.nextBoolean() ? 4 : 12) + (out.isEmpty() ? 1 : 0);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  private static String digits(Random random, int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append((char) ('0' + random.nextInt(10)));
    }
    return out.toString();
  }
}
