package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.core.yaml.YamlCodec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryDocumentTest {

  private final EntryDocument documents =
      new EntryDocument(RegistrySchema.defaults().secretMasker());
  private final Header header =
      new Header("GOV", "RULES", "BASE", "GOV-RULES-051N9KYNTF", "v2.9", "REQUIRED");

  private Map<String, Object> content() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("zeta", Map.of("b", 1, "a", 2));
    context.put("alpha", List.of(Map.of("y", "1", "x", "2")));
    context.put("token", "s3cr3t");
    return documents.content(header, "Title", context, "014354cfd5d3d41c748125b64a6602c1");
  }

  @Test
  void contentHasTheDocumentedOrderAndASortedMaskedContext() {
    Map<String, Object> content = content();
    assertThat(content.keySet())
        .containsExactly(
            "header", "title", "scope", "type", "version", "status", "context", "metadata");
    assertThat(content.get("header"))
        .isEqualTo("[GOV][RULES][BASE][GOV-RULES-051N9KYNTF][v2.9][REQUIRED]");
    @SuppressWarnings("unchecked")
    Map<String, Object> context = (Map<String, Object>) content.get("context");
    assertThat(context.keySet()).containsExactly("alpha", "token", "zeta");
    assertThat(context.get("token")).isEqualTo(SecretMasker.MASK);
    @SuppressWarnings("unchecked")
    Map<String, Object> zeta = (Map<String, Object>) context.get("zeta");
    assertThat(zeta.keySet()).containsExactly("a", "b");
    assertThat(zeta.get("b")).isEqualTo(1L);
    @SuppressWarnings("unchecked")
    Map<String, Object> first = (Map<String, Object>) ((List<Object>) context.get("alpha")).get(0);
    assertThat(first.keySet()).containsExactly("x", "y");
    assertThat(content.get("metadata"))
        .isEqualTo(
            Map.of(
                "id", "GOV-RULES-051N9KYNTF",
                "variant", "BASE",
                "dedupKey", "014354cfd5d3d41c748125b64a6602c1"));
  }

  @Test
  void fullConfigAddsTimesRevisionAndHashInTheDocumentedPlaces() {
    Map<String, Object> full = EntryDocument.full(content(), 0L, 3, 1_795_916_146_123L, "abc");
    assertThat(full.keySet()).containsExactlyElementsOf(FullConfig.KEYS);
    assertThat(full.get("createdAt")).isEqualTo("1970-01-01T00:00:00.000Z");
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) full.get("metadata");
    assertThat(metadata)
        .containsExactly(
            Map.entry("id", "GOV-RULES-051N9KYNTF"),
            Map.entry("variant", "BASE"),
            Map.entry("dedupKey", "014354cfd5d3d41c748125b64a6602c1"),
            Map.entry("revision", 3L),
            Map.entry("updatedAt", "2026-11-29T01:35:46.123Z"),
            Map.entry("contentHash", "abc"));
  }

  @Test
  void contentOfAStoredConfigGivesBackTheContentBytes() {
    Map<String, Object> content = content();
    String stored = YamlCodec.dump(EntryDocument.full(content, 5L, 2, 9L, "h"));
    Map<String, Object> reread = EntryDocument.contentOf(YamlCodec.load(stored));
    assertThat(reread).isEqualTo(content);
    assertThat(YamlCodec.dump(reread)).isEqualTo(YamlCodec.dump(content));
  }

  @Test
  void isoMillisAlwaysHasThreeFractionDigits() {
    assertThat(EntryDocument.isoMillis(1_795_916_146_000L)).isEqualTo("2026-11-29T01:35:46.000Z");
    assertThat(EntryDocument.isoMillis(-1L)).isEqualTo("1969-12-31T23:59:59.999Z");
  }

  @Test
  void isoMillisIsTheFormattersTextForEveryYear() {
    DateTimeFormatter formatter =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    java.util.Random random = new java.util.Random(0x150L);
    long year10000 = 253_402_300_800_000L;
    long year0 = -62_167_219_200_000L;
    List<Long> edges = List.of(year0 - 1, year0, year0 + 1, year10000 - 1, year10000, 0L, -1L);
    for (long millis : edges) {
      assertThat(EntryDocument.isoMillis(millis))
          .isEqualTo(formatter.format(Instant.ofEpochMilli(millis)));
    }
    for (int i = 0; i < 100_000; i++) {
      // Mostly four-digit years, some before year 0 and after 9999.
      long millis = (long) ((random.nextDouble() * 1.2 - 0.1) * (year10000 - year0)) + year0;
      assertThat(EntryDocument.isoMillis(millis))
          .as("%d", millis)
          .isEqualTo(formatter.format(Instant.ofEpochMilli(millis)));
    }
  }

  @Test
  void theContentOfAStoredEntryIsRebuiltFromItsFieldsAsFromItsYaml() {
    Resolver resolver = new Resolver(RegistrySchema.defaults());
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", "prod");
    context.put("nested", Map.of("list", List.of(1L, "two", 2.5, true), "empty", Map.of()));
    context.put("api_token", "t-1");
    context.put("multi", "line\nvalue: with # and 'quotes'");
    GenerationInput in =
        new GenerationInput("r1", "A title #1", "SEC", "POLICY", context, "v3.1", "OPTIONAL", 7L);
    DedupKey key = DedupKey.of("SEC", "POLICY", in.title());
    Entry entry =
        resolver.resolve(in, key.hex(), EntryId.derive("SEC", "POLICY", key), null).entry();

    Map<String, Object> fromYaml = EntryDocument.contentOf(YamlCodec.load(entry.config()));
    assertThat(documents.contentOf(entry)).isEqualTo(fromYaml);
    assertThat(ContentHash.of(documents.contentOf(entry))).isEqualTo(entry.contentHash());
    assertThat(entry.context()).containsEntry("api_token", SecretMasker.MASK);
  }

  @Test
  void theContextIsTheSortedMaskOfTheRequestsWhetherOrNotAnythingIsMasked() {
    SecretMasker masker = RegistrySchema.defaults().secretMasker();
    String[] keys = {"env", "token", "api-key", "url", "list", "Nested"};
    String[] texts = {"prod", "", SecretMasker.MASK, "https://u:p@host/x", "a://b", "x@y"};
    java.util.Random random = new java.util.Random(0x15L);
    int masked = 0;
    for (int i = 0; i < 5_000; i++) {
      Map<String, Object> context = randomMap(random, keys, texts, 0);
      masked += masker.changes(context) ? 1 : 0;
      Map<String, Object> content = documents.content(header, "Title", context, "00");

      assertThat(EntryDocument.contextOf(content))
          .isEqualTo(EntryDocument.sorted(masker.mask(context)));
    }
    // Both paths were taken, each many times.
    assertThat(masked).isBetween(1_000, 4_000);
  }

  @Test
  void sortedPutsTheKeysOfEveryMapInOrderAndTheirNumbersInOneTypeEach() {
    String[] keys = {"env", "Env", "a", "b", "ab", "é", "1", "10", "2"};
    String[] texts = {"prod", ""};
    java.util.Random random = new java.util.Random(0x16L);
    for (int i = 0; i < 5_000; i++) {
      Map<String, Object> context = randomMap(random, keys, texts, 0);
      Object expected = sortedAsATreeMapWould(context);

      Object sorted = EntryDocument.sorted(context);

      // toString() shows the order of every level; equals() alone would not.
      assertThat(sorted).hasToString(expected.toString()).isEqualTo(expected);
      // Sorted again, as a stored context is, it stays as it is.
      assertThat(EntryDocument.sorted(sorted)).hasToString(expected.toString());
    }
    // Keys that print alike keep the value of the last, as a sorted map's put does.
    Map<Object, Object> alike = new LinkedHashMap<>();
    alike.put("1", "text");
    alike.put(1, "number");
    assertThat(EntryDocument.sorted(alike)).hasToString("{1=number}");
  }

  private static Object sortedAsATreeMapWould(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> byKey = new java.util.TreeMap<>();
      map.forEach((k, v) -> byKey.put(String.valueOf(k), sortedAsATreeMapWould(v)));
      return byKey;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(EntryDocumentTest::sortedAsATreeMapWould).toList();
    }
    return value instanceof Integer number ? (Object) number.longValue() : value;
  }

  private static Map<String, Object> randomMap(
      java.util.Random random, String[] keys, String[] texts, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int n = random.nextInt(4); n > 0; n--) {
      String key = keys[random.nextInt(keys.length)];
      Object value =
          switch (random.nextInt(depth < 2 ? 5 : 3)) {
            case 0 -> texts[random.nextInt(texts.length)];
            case 1 -> random.nextInt(3) - 1;
            case 2 -> random.nextBoolean();
            case 3 ->
                List.of(
                    texts[random.nextInt(texts.length)], randomMap(random, keys, texts, depth + 1));
            default -> randomMap(random, keys, texts, depth + 1);
          };
      map.put(key, value);
    }
    return map;
  }
}
