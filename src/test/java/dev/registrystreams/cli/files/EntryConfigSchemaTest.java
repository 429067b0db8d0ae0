package dev.registrystreams.cli.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.registrystreams.cli.files.ConfigValidator.Problem;
import dev.registrystreams.core.ContentHash;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.Entry;
import dev.registrystreams.core.EntryDocument;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.GenerationInput;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.Resolver;
import dev.registrystreams.core.yaml.YamlCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The published entry config schema: it accepts what the application writes, refuses structural
 * mistakes in validate's words, and the jar holds the very file that is published.
 */
class EntryConfigSchemaTest {

  private static final Path PUBLISHED = Path.of("schemas", "entry-config.schema.json");
  private static final long T1 = 1_795_916_146_123L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistrySchema registry = RegistrySchema.defaults();
  private final Resolver resolver = new Resolver(registry);
  private final ConfigValidator validator = new ConfigValidator(registry);

  /** Entries as the application makes them: new ones and revisions, many kinds of context. */
  private List<Entry> generated() {
    List<Map<String, Object>> contexts = new ArrayList<>();
    contexts.add(Map.of());
    contexts.add(Map.of("env", "prod", "db_password", "hunter2"));
    contexts.add(Map.of("env", "dev", "url", "postgres://app:pw@db/x", "n", 5, "ratio", 0.5));
    Map<String, Object> deep = new LinkedHashMap<>();
    deep.put("owners", List.of(Map.of("name", "ops", "api_key", "k-1"), "text", 3L));
    deep.put("nested", Map.of("a", Map.of("b", List.of(true, false)), "empty", Map.of()));
    deep.put("nothing", null);
    deep.put("mirrors", List.of("https://tok@m1/", "https://m2/"));
    contexts.add(deep);

    List<Entry> entries = new ArrayList<>();
    String[][] requests = {
      {"GOV", "RULES", "Access control policy", null, null},
      {"SEC", "POLICY", "Key rotation", "v1", "OPTIONAL"},
      {"DASHBOARD", "CONFIG", "Überblick 🚀 \t tabs", "v10.2.3", "DEPRECATED"},
    };
    for (String[] r : requests) {
      for (Map<String, Object> context : contexts) {
        DedupKey key = DedupKey.of(r[0], r[1], r[2]);
        String id = EntryId.derive(r[0], r[1], key);
        GenerationInput first =
            new GenerationInput("r1", r[2], r[0], r[1], context, r[3], r[4], T1);
        Entry created = resolver.resolve(first, key.hex(), id, null).entry();
        entries.add(created);
        Map<String, Object> changed = new LinkedHashMap<>(context);
        changed.put("changed", "yes");
        GenerationInput second =
            new GenerationInput("r2", r[2], r[0], r[1], changed, r[3], r[4], T1 + 86_400_000);
        Entry revised = resolver.resolve(second, key.hex(), id, created).entry();
        assertThat(revised.revision()).isEqualTo(2);
        entries.add(revised);
      }
    }
    return entries;
  }

  @Test
  void everyConfigTheApplicationWritesIsValidInBothForms() {
    List<Entry> entries = generated();
    assertThat(entries).hasSize(24);
    for (Entry e : entries) {
      Map<String, Object> config = YamlCodec.load(e.config());
      assertThat(EntryConfigSchema.get().check(config, true)).as(e.config()).isEmpty();
      assertThat(EntryConfigSchema.get().check(config, false)).as(e.config()).isEmpty();
      assertThat(validator.validateEntry(e.config(), e.contentHash() + ".yaml"))
          .as(e.config())
          .isEmpty();
    }
  }

  @Test
  void anyValidatorCanUseThePublishedFile() throws IOException {
    // The file alone, through the library's plain API: no mapping of its $id, no words of ours.
    var schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Files.readString(PUBLISHED));
    for (Entry e : generated()) {
      JsonNode config = JSON.valueToTree(YamlCodec.load(e.config()));
      assertThat(schema.validate(config)).as(e.config()).isEmpty();
    }
    JsonNode broken = JSON.valueToTree(Map.of("title", 7));
    assertThat(schema.validate(broken).stream().map(ValidationMessage::getType))
        .contains("required", "type");

    JsonNode doc = JSON.readTree(PUBLISHED.toFile());
    assertThat(doc.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(doc.path("$id").asText()).isEqualTo(EntryConfigSchema.ID);
    assertThat(doc.path("description").asText()).isNotBlank();
  }

  @Test
  void theJarHoldsThePublishedFileByteForByte() throws IOException {
    try (InputStream in =
        EntryConfigSchema.class.getClassLoader().getResourceAsStream(EntryConfigSchema.RESOURCE)) {
      assertThat(in).isNotNull();
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(PUBLISHED));
    }
  }

  /** An exported entry with one line replaced, and the one problem validate reports for it. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          title: Access control policy | title: 7 | 2: title must be a string, not a number
          title: Access control policy | title: | 2: title must be a string, not null
          scope: GOV | scope: [GOV] | 3: scope must be a string, not a list
          createdAt: '2026-11-29T01:35:46.123Z' | createdAt: '2026-02-30T01:35:46.123Z' \
            | 7: createdAt '2026-02-30T01:35:46.123Z' is not a UTC time with milliseconds \
          (e.g. 2026-11-24T08:00:00.000Z)
          createdAt: '2026-11-29T01:35:46.123Z' | createdAt: '2026-11-29 01:35' \
            | 7: createdAt '2026-11-29 01:35' is not a UTC time with milliseconds \
          (e.g. 2026-11-24T08:00:00.000Z)
          revision: 1 | revision: x | 18: metadata.revision must be a whole number from 1, not x
          revision: 1 | revision: 0 | 18: metadata.revision must be a whole number from 1, not 0
          revision: 1 | revision: 3000000000 \
            | 18: metadata.revision must be a whole number from 1, not 3000000000
          revision: 1 | revision: 1\\n  colour: red \
            | 19: unknown key 'metadata.colour' (allowed: id, variant, dedupKey, revision, \
          updatedAt, contentHash)
          revision: 1 | colour: red | 18: unknown key 'metadata.colour' (allowed: id, variant, \
          dedupKey, revision, updatedAt, contentHash)
          """)
  void aStructuralMistakeIsOneProblemOnItsLine(String line, String replacement, String problem) {
    Entry e = prodEntry();
    String edited = e.config().replace(line, replacement.replace("\\n", "\n"));
    assertThat(edited).isNotEqualTo(e.config());
    // Kept as a hand-written copy, so that the content hash of the edit is not a second problem.
    List<String> problems = texts(validator.validateEntry(edited, "copy.yaml"));

    assertThat(problems.stream().filter(p -> !p.contains("contentHash does not match")))
        .containsExactly(problem);
  }

  @Test
  void metadataShapesAreTheSchemasAndAreNotCheckedTwice() {
    Entry e = prodEntry();
    String edited =
        e.config()
            .replace("id: " + e.id(), "id: GOV-RULES-SHORT")
            .replace("dedupKey: " + e.dedupKey(), "dedupKey: " + e.dedupKey().toUpperCase())
            .replace("contentHash: " + e.contentHash(), "contentHash: abc")
            .replace("updatedAt: '2026-11-29T01:35:46.123Z'", "updatedAt: 1");

    // The id and the dedup key are content: the file name no longer matches, but the malformed
    // stored hash is not also compared with the content.
    String recomputed = ContentHash.of(EntryDocument.contentOf(YamlCodec.load(edited)));
    assertThat(texts(validator.validateEntry(edited, e.contentHash() + ".yaml")))
        .containsExactly(
            "1: file name is not the content hash (the content hashes to " + recomputed + ")",
            "15: metadata.id 'GOV-RULES-SHORT' is not SCOPE-TYPE- followed by 10 Crockford"
                + " base32 characters",
            "17: metadata.dedupKey '"
                + e.dedupKey().toUpperCase()
                + "' is not 32 lowercase hex characters",
            "19: metadata.updatedAt must be a string, not a number",
            "20: metadata.contentHash 'abc' is not 64 lowercase hex characters (SHA-256)");
  }

  @Test
  void anExportedFileNeedsEveryMetadataKeyAndAHeaderOfSixParts() {
    Entry e = prodEntry();
    String edited =
        e.config()
            .replace("  revision: 1\n", "")
            .replace("  variant: PROD\n", "")
            .replace("context:", "context: []\nunused:")
            .replace(e.header(), "[GOV][RULES]");
    String name = e.contentHash() + ".yaml";

    List<String> problems = texts(validator.validateEntry(edited, name));

    assertThat(problems.stream().filter(p -> !p.contains("content hash")))
        .containsExactly(
            "1: header '[GOV][RULES]' is not [SCOPE][TYPE][VARIANT][ID][VERSION][STATUS]",
            "8: context must be a map, not a list",
            "9: unknown key 'unused' (allowed: header, grepable, title, scope, type, version,"
                + " status, createdAt, context, metadata)",
            "15: missing key 'metadata.variant'",
            "15: missing key 'metadata.revision'");
  }

  private Entry prodEntry() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", "prod");
    context.put("db_password", "hunter2");
    context.put("owners", List.of(Map.of("name", "ops", "api_key", "k-1")));
    String title = "Access control policy";
    GenerationInput in = new GenerationInput("r1", title, "GOV", "RULES", context, null, null, T1);
    DedupKey key = DedupKey.of("GOV", "RULES", title);
    return resolver.resolve(in, key.hex(), EntryId.derive("GOV", "RULES", key), null).entry();
  }

  private static List<String> texts(List<Problem> problems) {
    return problems.stream().map(p -> p.line() + ": " + p.message()).toList();
  }
}
