package dev.registrystreams.cli.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.cli.files.ConfigValidator.Problem;
import dev.registrystreams.core.ContentHash;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.Entry;
import dev.registrystreams.core.EntryDocument;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.GenerationInput;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.Resolver;
import dev.registrystreams.core.yaml.InvalidYamlException;
import dev.registrystreams.core.yaml.YamlCodec;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

  private static final long T1 = 1_795_916_146_123L; // 2026-11-29T01:35:46.123Z

  private final RegistrySchema schema = RegistrySchema.defaults();
  private final ConfigValidator validator = new ConfigValidator(schema);

  /** An entry as the application makes it. */
  private Entry entry(String title, Map<String, Object> context) {
    GenerationInput in = new GenerationInput("r1", title, "GOV", "RULES", context, null, null, T1);
    DedupKey key = DedupKey.of("GOV", "RULES", title);
    return new Resolver(schema)
        .resolve(in, key.hex(), EntryId.derive("GOV", "RULES", key), null)
        .entry();
  }

  private Entry prodEntry() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", "prod");
    context.put("db_password", "hunter2");
    context.put("owners", List.of(Map.of("name", "ops", "api_key", "k-1")));
    return entry("Access control policy", context);
  }

  private static String name(Entry e) {
    return e.contentHash() + ".yaml";
  }

  private static List<String> texts(List<Problem> problems) {
    return problems.stream().map(p -> p.line() + ": " + p.message()).toList();
  }

  @Test
  void anEntryAsTheApplicationWritesItIsClean() {
    Entry e = prodEntry();
    assertThat(validator.validateEntry(e.config(), name(e))).isEmpty();
    assertThat(validator.validateEntry(e.config(), e.contentHash() + ".yaml.zst")).isEmpty();
    assertThat(validator.validateEntry(e.config(), "copy.yaml")).isEmpty();
  }

  @Test
  void aWrongHeaderPartIsReportedOnTheHeaderLine() {
    Entry e = prodEntry();
    String broken = e.config().replace("[GOV][RULES][PROD]", "[GOV][RULES][STAGING]");

    assertThat(texts(validator.validateEntry(broken, "copy.yaml")))
        .containsExactly(
            "1: header variant 'STAGING' is not one of BASE, PROD, DEV",
            "16: metadata.variant 'PROD' does not match the header (STAGING)",
            "20: metadata.contentHash does not match the content (the content hashes to "
                + ContentHash.of(EntryDocument.contentOf(YamlCodec.load(broken)))
                + ")");
  }

  @Test
  void aHeaderThatDisagreesWithItsFieldsAndItsIdIsReported() {
    String doc =
        """
        header: '[SEC][RULES][BASE][GOV-RULES-051N9KYNTF][v3][OPTIONAL]'
        title: Hand written
        scope: GOV
        type: RULES
        version: v2.9
        status: REQUIRED
        """;

    assertThat(texts(validator.validateEntry(doc, "hand.yaml")))
        .containsExactly(
            "1: header id GOV-RULES-051N9KYNTF does not start with the header's scope and type"
                + " (SEC-RULES-)",
            "3: scope 'GOV' does not match the header (SEC)",
            "5: version 'v2.9' does not match the header (v3)",
            "6: status 'REQUIRED' does not match the header (OPTIONAL)");
  }

  @Test
  void everyPartOfAMalformedHeaderIsReported() {
    String doc =
        """
        title: Hand written
        scope: GOV
        type: RULES
        version: v2.9
        status: REQUIRED
        header: '[gov][MEMO][BASE][GOV-RULES-0123][2.9][LATER]'
        """;

    assertThat(texts(validator.validateEntry(doc, "hand.yaml")))
        .containsExactly(
            "2: scope 'GOV' does not match the header (gov)",
            "3: type 'RULES' does not match the header (MEMO)",
            "4: version 'v2.9' does not match the header (2.9)",
            "5: status 'REQUIRED' does not match the header (LATER)",
            "6: header scope 'gov' is not one of GOV, SEC, OPS, TECH, FIN, LEG, AUD, COMP,"
                + " DASHBOARD (case-sensitive)",
            "6: header type 'MEMO' is not one of RULES, SUMMARY, PROCEDURE, TEMPLATE, POLICY,"
                + " STANDARD, GUIDANCE, REQUIREMENT, CONFIG (case-sensitive)",
            "6: header id 'GOV-RULES-0123' is not SCOPE-TYPE- followed by 10 Crockford base32"
                + " characters",
            "6: header version '2.9' does not match v\\d{1,3}(\\.\\d{1,3}){0,2} (e.g. v2.9)",
            "6: header status 'LATER' is not one of REQUIRED, RECOMMENDED, OPTIONAL, DEPRECATED"
                + " (case-sensitive)");
    assertThat(texts(validator.validateEntry(doc.replace("[2.9][LATER]", "[2.9]"), "h.yaml")))
        .contains(
            "6: header '[gov][MEMO][BASE][GOV-RULES-0123][2.9]' is not"
                + " [SCOPE][TYPE][VARIANT][ID][VERSION][STATUS]");
  }

  @Test
  void aTamperedContentHashIsReportedOnItsLine() {
    Entry e = prodEntry();
    String tampered = e.config().replace(e.contentHash(), "a".repeat(64));

    assertThat(texts(validator.validateEntry(tampered, "copy.yaml")))
        .containsExactly(
            "20: metadata.contentHash does not match the content (the content hashes to "
                + e.contentHash()
                + ")");
  }

  @Test
  void editedContentNoLongerMatchesTheFileNameOrTheStoredHash() {
    Entry e = prodEntry();
    String edited = e.config().replace("title: Access control policy", "title: Access policy");
    String recomputed = ContentHash.of(EntryDocument.contentOf(YamlCodec.load(edited)));

    assertThat(texts(validator.validateEntry(edited, name(e))))
        .containsExactly(
            "1: file name is not the content hash (the content hashes to " + recomputed + ")",
            "17: metadata.dedupKey does not match scope, type and title (expected "
                + DedupKey.of("GOV", "RULES", "Access policy").hex()
                + ")",
            "20: metadata.contentHash does not match the content (the content hashes to "
                + recomputed
                + ")");
  }

  @Test
  void aSecretInClearIsReportedAtItsKeyAtAnyDepth() {
    Entry e = prodEntry();
    String leaked =
        e.config()
            .replace("db_password: '******'", "db_password: hunter2")
            .replace("- api_key: '******'", "- api_key: k-1");

    List<String> problems = texts(validator.validateEntry(leaked, "copy.yaml"));
    assertThat(problems)
        .startsWith(
            "9: secret in clear: context.db_password must be '******'",
            "12: secret in clear: context.owners[0].api_key must be '******'");
  }

  @Test
  void aUrlPasswordInClearIsReportedAtItsValueInMapsAndLists() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", "prod");
    context.put("url", "postgres://app:pw@db/x");
    context.put("mirrors", List.of("https://tok@m1/", "https://m2/"));
    Entry e = entry("Database policy", context);
    assertThat(e.config())
        .contains("url: postgres://app:******@db/x", "- https://******@m1/")
        .doesNotContain(":pw@", "tok@");
    assertThat(validator.validateEntry(e.config(), name(e))).isEmpty();

    String leaked =
        e.config()
            .replace("postgres://app:******@db/x", "postgres://app:pw@db/x")
            .replace("https://******@m1/", "https://tok@m1/");
    assertThat(texts(validator.validateEntry(leaked, "copy.yaml")))
        .startsWith(
            "11: secret in clear: context.mirrors[0] holds URL credentials (expected"
                + " 'https://******@m1/')",
            "13: secret in clear: context.url holds URL credentials (expected"
                + " 'postgres://app:******@db/x')");
  }

  @Test
  void badYamlIsReportedOnTheParsersLine() {
    String bad = "header: '[GOV]'\ntitle: x\ncontext:\n  a: [1, 2\n";

    List<Problem> problems = validator.validateEntry(bad, "bad.yaml");

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).line()).isEqualTo(5);
    assertThat(problems.get(0).message()).startsWith("invalid YAML: ");
    assertThat(texts(validator.validateEntry("a: 1\na: 2\n", "dup.yaml")))
        .singleElement()
        .asString()
        .startsWith("2: invalid YAML: ")
        .contains("duplicate key a");
  }

  @Test
  void anExportedFileNeedsTheFullFormatAHandWrittenOneOnlyTheHeaderFields() {
    String minimal =
        """
        header: '[GOV][RULES][BASE][GOV-RULES-051N9KYNTF][v2.9][REQUIRED]'
        title: Hand written
        scope: GOV
        type: RULES
        version: v2.9
        status: REQUIRED
        """;
    assertThat(validator.validateEntry(minimal, "hand.yaml")).isEmpty();

    String hash = ContentHash.of(EntryDocument.contentOf(YamlCodec.load(minimal)));
    assertThat(texts(validator.validateEntry(minimal, hash + ".yaml")))
        .containsExactly(
            "1: missing key 'createdAt'", "1: missing key 'context'", "1: missing key 'metadata'");

    assertThat(texts(validator.validateEntry("title: x\ncolour: red\n", "hand.yaml")))
        .containsExactly(
            "1: missing key 'header'",
            "1: missing key 'scope'",
            "1: missing key 'type'",
            "1: missing key 'version'",
            "1: missing key 'status'",
            "2: unknown key 'colour' (allowed: header, grepable, title, scope, type, version,"
                + " status, createdAt, context, metadata)");
  }

  @Test
  void titleRulesAreTheRequestRules() {
    String doc =
        """
        header: '[GOV][RULES][BASE][GOV-RULES-051N9KYNTF][v2.9][REQUIRED]'
        title: "bell\\a"
        scope: GOV
        type: RULES
        version: v2.9
        status: REQUIRED
        grepable: '[gov-rules-base-gov-rules-051n9kyntf-v2.9-optional]'
        """;

    assertThat(texts(validator.validateEntry(doc, "hand.yaml")))
        .containsExactly(
            "2: title contains U+0007 (control character) at position 5; allowed are printable"
                + " characters, space, tab and line feed",
            "7: grepable '[gov-rules-base-gov-rules-051n9kyntf-v2.9-optional]' does not match the"
                + " header (expected '[gov-rules-base-gov-rules-051n9kyntf-v2.9-required]')");
  }

  @Test
  void theVariantMustFollowContextEnv() {
    Entry e = prodEntry();
    String edited = e.config().replace("env: prod", "env: dev");

    assertThat(texts(validator.validateEntry(edited, "copy.yaml")))
        .startsWith("1: header variant PROD does not match context.env (expected DEV)");
  }

  @Test
  void metadataTypesAndTimesAreChecked() {
    Entry e = prodEntry();
    String edited =
        e.config()
            .replace("revision: 1", "revision: -1")
            .replace("createdAt: '2026-11-29T01:35:46.123Z'", "createdAt: yesterday");

    assertThat(texts(validator.validateEntry(edited, "copy.yaml")))
        .containsExactly(
            "7: createdAt 'yesterday' is not a UTC time with milliseconds (e.g."
                + " 2026-11-24T08:00:00.000Z)",
            "18: metadata.revision must be a whole number from 1, not -1");
  }

  @Test
  void anIndexAsExportWritesItIsClean() {
    Entry e = prodEntry();
    String index = YamlCodec.dump(Map.of("entries", List.of(row(e, name(e)))));

    assertThat(validator.validateIndex(index, Set.of(name(e))::contains)).isEmpty();
  }

  @Test
  void indexRowsAreCheckedLikeHeadersAndMustNameExistingFilesInOrder() {
    Entry a = prodEntry();
    Entry b = entry("Another policy", Map.of());
    Map<String, Object> bad = row(a, a.contentHash() + ".yml");
    bad.put("grepable", "[x]");
    String index =
        YamlCodec.dump(Map.of("entries", List.of(row(b, name(b)), bad, row(a, name(a)))));
    assertThat(b.id()).isGreaterThan(a.id());

    assertThat(texts(validator.validateIndex(index, Set.of(name(b))::contains)))
        .containsExactly(
            "11: entries are not sorted by id: 'GOV-RULES-051N9KYNTF' comes after '" + b.id() + "'",
            "13: grepable '[x]' does not match the header (expected '" + a.grepable() + "')",
            "19: file '"
                + a.contentHash()
                + ".yml' is not the content hash with .yaml, .yaml.zst or .yaml.gz",
            "20: id 'GOV-RULES-051N9KYNTF' is listed twice",
            "28: file '" + name(a) + "' does not exist");
  }

  @Test
  void anIndexIsCheckedAsItIsReadAndStopsAtBrokenYaml() {
    Entry a = prodEntry();
    Entry b = entry("Another policy", Map.of());
    Map<String, Object> bad = row(b, name(b));
    bad.put("revision", 0L);
    String rows = YamlCodec.dump(Map.of("entries", List.of(row(a, name(a)), bad, row(a, name(a)))));
    String broken = rows + "- id: [unclosed\n";
    List<Problem> found = new ArrayList<>();

    long read =
        validator.validateIndex(
            new StringReader(broken), Set.of(name(a), name(b))::contains, found::add);

    assertThat(read).isEqualTo(3);
    assertThat(a.id()).isLessThan(b.id());
    assertThat(texts(found))
        .containsExactly(
            "17: entries[1].revision must be a whole number from 1, not 0",
            "20: entries are not sorted by id: '" + a.id() + "' comes after '" + b.id() + "'",
            "30: invalid YAML: " + problemOf(broken));
  }

  @Test
  void anIndexWithoutEntriesOrWithOtherKeysSaysSoByLine() {
    assertThat(texts(validator.validateIndex("other: 1\nmore: [x]\n", f -> true)))
        .containsExactly(
            "1: unknown key 'other' (allowed: entries)",
            "1: missing key 'entries'",
            "2: unknown key 'more' (allowed: entries)");
    assertThat(texts(validator.validateIndex("entries: {}\n", f -> true)))
        .containsExactly("1: entries must be a list of entries");
    assertThat(texts(validator.validateIndex("entries:\n- just text\n", f -> true)))
        .containsExactly("2: entries[0] must be a map");
  }

  private static String problemOf(String yaml) {
    try {
      YamlCodec.load(yaml);
    } catch (InvalidYamlException e) {
      return e.getMessage().substring("invalid YAML: ".length());
    }
    throw new AssertionError("parsed");
  }

  private static Map<String, Object> row(Entry e, String file) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", e.id());
    row.put("header", e.header());
    row.put("grepable", e.grepable());
    row.put("scope", e.scope());
    row.put("type", e.type());
    row.put("title", e.title());
    row.put("revision", (long) e.revision());
    row.put("contentHash", e.contentHash());
    row.put("file", file);
    return row;
  }
}
