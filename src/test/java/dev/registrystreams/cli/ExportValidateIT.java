package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.client.Answers;
import dev.registrystreams.core.yaml.YamlCodec;
import dev.registrystreams.load.MixedWorkload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export and validate against a registry that a running application filled. */
class ExportValidateIT {

  @TempDir static Path stateDir;

  private static AppConfig config;
  private static RegistryStreamsApp app;
  private static Answers answers;

  /** The current entry of every dedup key, from the answers themselves. */
  private static Map<String, RegistryEntry> current;

  @BeforeAll
  static void fillTheRegistry() {
    config = AppFixtures.appConfig("export", stateDir);
    app = RegistryStreamsApp.start(config, Duration.ofSeconds(60));
    answers =
        AppFixtures.sendAndAwait(
            config, MixedWorkload.generate(new MixedWorkload.Shape(40, 20, 15, 5, 7), "export"));
    current = new HashMap<>();
    for (RegistryEntry e : answers.entries().values()) {
      current.merge(e.getDedupKey(), e, (a, b) -> a.getRevision() >= b.getRevision() ? a : b);
    }
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static String[] export(Path dir, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "export",
                "--bootstrap-servers",
                config.bootstrapServers(),
                "--entries-topic",
                config.topics().entries(),
                "--dir",
                dir.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static List<RegistryEntry> sorted(Stream<RegistryEntry> entries) {
    return entries.sorted(Comparator.comparing(RegistryEntry::getId)).toList();
  }

  private static long yamlBytes(List<RegistryEntry> entries) {
    return entries.stream()
        .mapToLong(e -> e.getConfig().getBytes(StandardCharsets.UTF_8).length)
        .sum();
  }

  @Test
  void exportWritesEveryCurrentEntryNamedByItsHashAndAnIndex(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "not ours");
    List<RegistryEntry> expected = sorted(current.values().stream());
    assertThat(expected).hasSize(40);
    long bytes = yamlBytes(expected);

    CliRun first = CliRun.of(export(dir));

    assertThat(first.err()).isEmpty();
    assertThat(first.exitCode()).isZero();
    assertThat(first.out())
        .isEqualTo(
            String.format(
                Locale.ROOT,
                "Exported 40 entries from %s (%d records read) to %s%n"
                    + "  files: 40 written, 0 unchanged; index.yaml written%n"
                    + "  size: %,d bytes of YAML, %,d bytes on disk (none, ratio 1.00)%n",
                config.topics().entries(),
                answers.entries().size(),
                dir,
                bytes,
                bytes));
    Set<String> names = new java.util.TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(p -> names.add(p.getFileName().toString()));
    }
    Set<String> wanted = new java.util.TreeSet<>(Set.of("index.yaml", "notes.txt"));
    expected.forEach(e -> wanted.add(e.getContentHash() + ".yaml"));
    assertThat(names).isEqualTo(wanted);
    for (RegistryEntry e : expected) {
      assertThat(Files.readString(dir.resolve(e.getContentHash() + ".yaml")))
          .isEqualTo(e.getConfig());
    }

    Map<String, Object> index = YamlCodec.load(Files.readString(dir.resolve("index.yaml")));
    assertThat(index.keySet()).containsExactly("entries");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RegistryEntry e : expected) {
      Map<String, Object> row = new java.util.LinkedHashMap<>();
      row.put("id", e.getId());
      row.put("header", e.getHeader());
      row.put("grepable", e.getGrepable());
      row.put("scope", e.getScope());
      row.put("type", e.getType());
      row.put("title", e.getTitle());
      row.put("revision", (long) e.getRevision());
      row.put("contentHash", e.getContentHash());
      row.put("file", e.getContentHash() + ".yaml");
      rows.add(row);
    }
    assertThat(index.get("entries")).isEqualTo(rows);
    assertThat(rows).anyMatch(r -> (long) r.get("revision") > 1);

    CliRun again = CliRun.of(export(dir));
    assertThat(again.exitCode()).isZero();
    assertThat(again.out())
        .contains("  files: 0 written, 40 unchanged; index.yaml unchanged")
        .startsWith("Exported 40 entries from ");
    assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("not ours");

    CliRun validate = CliRun.of("validate", dir.toString());
    assertThat(validate.out())
        .isEqualTo("41 files OK (40 entries in 1 index)" + System.lineSeparator());
    assertThat(validate.exitCode()).isZero();
    assertThat(validate.err()).isEmpty();
    CliRun json = CliRun.of("validate", "-o", "json", dir.toString());
    assertThat(Documents.parse("json", json.out()))
        .containsEntry("ok", true)
        .containsEntry("filesChecked", 41L)
        .containsEntry("indexEntries", 40L);
  }

  @Test
  void exportAsJsonOrYamlPrintsOneDocumentWithEveryCount(@TempDir Path dir) {
    long bytes = yamlBytes(List.copyOf(current.values()));

    CliRun first = CliRun.of(export(dir, "--output", "json"));
    CliRun again = CliRun.of(export(dir, "-o", "yaml", "--compress", "none"));

    for (CliRun run : List.of(first, again)) {
      assertThat(run.exitCode()).isZero();
      assertThat(run.err()).isEmpty();
    }
    Map<String, Object> expected =
        Documents.map(
            "topic",
            config.topics().entries(),
            "dir",
            dir.toString(),
            "scope",
            null,
            "compression",
            "none",
            "recordsRead",
            (long) answers.entries().size(),
            "entries",
            40L,
            "filesWritten",
            40L,
            "filesUnchanged",
            0L,
            "indexWritten",
            true,
            "yamlBytes",
            bytes,
            "diskBytes",
            bytes,
            "ratio",
            1.0,
            "undecodableRecords",
            List.of());
    assertThat(Documents.parse("json", first.out())).isEqualTo(expected);
    expected.put("filesWritten", 0L);
    expected.put("filesUnchanged", 40L);
    expected.put("indexWritten", false);
    assertThat(Documents.parse("yaml", again.out())).isEqualTo(expected);
  }

  @Test
  void compressedExportsDecompressToTheSameBytesAndValidate(
      @TempDir Path plain, @TempDir Path zst, @TempDir Path gz) throws IOException {
    assertThat(CliRun.of(export(plain)).exitCode()).isZero();
    CliRun zstd = CliRun.of(export(zst, "--compress", "zstd"));
    CliRun gzip = CliRun.of(export(gz, "--compress", "gzip"));
    assertThat(zstd.exitCode()).isZero();
    assertThat(gzip.exitCode()).isZero();

    long yaml = yamlBytes(List.copyOf(current.values()));
    long zstBytes = 0;
    long gzBytes = 0;
    for (RegistryEntry e : current.values()) {
      byte[] original = Files.readAllBytes(plain.resolve(e.getContentHash() + ".yaml"));
      byte[] z = Files.readAllBytes(zst.resolve(e.getContentHash() + ".yaml.zst"));
      byte[] g = Files.readAllBytes(gz.resolve(e.getContentHash() + ".yaml.gz"));
      assertThat(Zstd.decompress(z, original.length)).isEqualTo(original);
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(g))) {
        assertThat(in.readAllBytes()).isEqualTo(original);
      }
      zstBytes += z.length;
      gzBytes += g.length;
    }
    assertThat(zstd.out())
        .endsWith(
            String.format(
                Locale.ROOT,
                "  size: %,d bytes of YAML, %,d bytes on disk (zstd, ratio %.2f)%n",
                yaml,
                zstBytes,
                (double) yaml / zstBytes));
    assertThat(gzip.out())
        .endsWith(
            String.format(
                Locale.ROOT,
                "  size: %,d bytes of YAML, %,d bytes on disk (gzip, ratio %.2f)%n",
                yaml,
                gzBytes,
                (double) yaml / gzBytes));
    assertThat(YamlCodec.load(Files.readString(zst.resolve("index.yaml"))).toString())
        .contains(".yaml.zst");

    CliRun validate = CliRun.of("validate", zst.toString(), gz.toString());
    assertThat(validate.out())
        .isEqualTo("82 files OK (80 entries in 2 indexes)" + System.lineSeparator());
    assertThat(validate.exitCode()).isZero();
  }

  @Test
  void scopeFiltersAndAnUnknownScopeIsAOneLineUsageError(@TempDir Path dir) throws IOException {
    Map<String, List<RegistryEntry>> byScope =
        current.values().stream().collect(Collectors.groupingBy(RegistryEntry::getScope));
    String scope = byScope.keySet().stream().sorted().findFirst().orElseThrow();
    List<RegistryEntry> expected = sorted(byScope.get(scope).stream());

    CliRun run = CliRun.of(export(dir, "--scope", scope));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("Exported " + expected.size() + " entries of scope " + scope + " from ")
        .contains("  files: " + expected.size() + " written, 0 unchanged");
    Map<String, Object> index = YamlCodec.load(Files.readString(dir.resolve("index.yaml")));
    List<Object> ids =
        ((List<?>) index.get("entries"))
            .stream().map(r -> ((Map<?, ?>) r).get("id")).map(Object.class::cast).toList();
    assertThat(ids).isEqualTo(expected.stream().map(RegistryEntry::getId).toList());
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(expected.size() + 1);
    }

    CliRun unknown = CliRun.of(export(dir, "--scope", "gov"));
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err())
        .isEqualTo(
            "error: --scope gov is not one of GOV, SEC, OPS, TECH, FIN, LEG, AUD, COMP, DASHBOARD"
                + " (case-sensitive) (see 'registry-streams export --help')"
                + System.lineSeparator());
  }

  @Test
  void validateReportsEachProblemOfHandBrokenCopiesWithFileAndLine(
      @TempDir Path exported, @TempDir Path broken) throws IOException {
    assertThat(CliRun.of(export(exported)).exitCode()).isZero();
    List<RegistryEntry> entries = sorted(current.values().stream());
    RegistryEntry withSecret =
        entries.stream()
            .filter(e -> e.getConfig().contains("db_password: '******'"))
            .findFirst()
            .orElseThrow();
    RegistryEntry other = entries.stream().filter(e -> e != withSecret).findFirst().orElseThrow();

    // 1: a wrong header part, in a copy that keeps its exported name.
    String headerName = other.getContentHash() + ".yaml";
    String header = other.getConfig();
    String wrongHeader = header.replaceFirst("\\]\\[" + other.getVariant() + "\\]\\[", "][NOPE][");
    Files.writeString(broken.resolve(headerName), wrongHeader);
    // 2: a tampered content hash.
    String hashName = "tampered.yaml";
    String tampered = withSecret.getConfig().replace(withSecret.getContentHash(), "a".repeat(64));
    Files.writeString(broken.resolve(hashName), tampered);
    // 3: a secret in clear, compressed like an export.
    String secretName = "leaked.yaml.zst";
    String leaked = withSecret.getConfig().replace("db_password: '******'", "db_password: hunter2");
    Files.write(
        broken.resolve(secretName), Zstd.compress(leaked.getBytes(StandardCharsets.UTF_8), 3));
    // 4: YAML that does not parse.
    Files.writeString(
        broken.resolve("bad.yaml"), "header: '[GOV]'\ntitle: [unclosed\nscope: GOV\n");
    // 5: a .gz that is not gzip.
    Files.writeString(broken.resolve("fake.yaml.gz"), "header: x\n");

    String recomputedHeader = hashOf(wrongHeader);
    String missing = broken.resolve("missing.yaml").toString();
    CliRun run = CliRun.of("validate", broken.toString(), missing);

    String h = broken.resolve(headerName).toString();
    String t = broken.resolve(hashName).toString();
    String s = broken.resolve(secretName).toString();
    String nl = System.lineSeparator();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEmpty();
    // A directory stands for its files sorted by name; then the other arguments in order.
    Map<String, List<String>> byName = new java.util.TreeMap<>();
    byName.put(
        headerName,
        List.of(
            h + ":1: header variant 'NOPE' is not one of BASE, PROD, DEV",
            h
                + ":1: file name is not the content hash (the content hashes to "
                + recomputedHeader
                + ")",
            h
                + ":"
                + lineOf(wrongHeader, "  variant: ")
                + ": metadata.variant '"
                + other.getVariant()
                + "' does not match the header (NOPE)",
            h
                + ":"
                + lineOf(wrongHeader, "  contentHash: ")
                + ": metadata.contentHash does not match the content (the content hashes to "
                + recomputedHeader
                + ")"));
    byName.put(
        "bad.yaml",
        List.of(
            broken.resolve("bad.yaml")
                + ":3: invalid YAML: "
                + problemOf("header: '[GOV]'\ntitle: [unclosed\nscope: GOV\n")));
    byName.put(
        "fake.yaml.gz",
        List.of(broken.resolve("fake.yaml.gz") + ": cannot decompress (gzip): Not in GZIP format"));
    byName.put(
        secretName,
        List.of(
            s
                + ":"
                + lineOf(leaked, "  db_password: ")
                + ": secret in clear: context.db_password must be '******'",
            s
                + ":"
                + lineOf(leaked, "  contentHash: ")
                + ": metadata.contentHash does not match the content (the content hashes to "
                + hashOf(leaked)
                + ")"));
    byName.put(
        hashName,
        List.of(
            t
                + ":"
                + lineOf(tampered, "  contentHash: ")
                + ": metadata.contentHash does not match the content (the content hashes to "
                + withSecret.getContentHash()
                + ")"));
    List<String> expected = new ArrayList<>();
    byName.values().forEach(expected::addAll);
    expected.add(missing + ": cannot read the file: no such file");
    expected.add("10 problems in 6 of 6 files");
    assertThat(run.out()).isEqualTo(String.join(nl, expected) + nl);
  }

  @Test
  void validateWithoutFilesIsAUsageError() {
    CliRun run = CliRun.of("validate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("error: Missing required parameter");
  }

  private static String hashOf(String config) {
    return dev.registrystreams.core.ContentHash.of(
        dev.registrystreams.core.EntryDocument.contentOf(YamlCodec.load(config)));
  }

  private static int lineOf(String text, String prefix) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line starts with " + prefix);
  }

  private static String problemOf(String yaml) {
    try {
      YamlCodec.load(yaml);
    } catch (dev.registrystreams.core.yaml.InvalidYamlException e) {
      return e.getMessage().substring("invalid YAML: ".length());
    }
    throw new AssertionError("parsed");
  }
}
