package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What validate, export and reset do before they touch Kafka. */
class ValidateExportResetUsageTest {

  private static final String NL = System.lineSeparator();

  @ParameterizedTest
  @ValueSource(strings = {"validate", "export", "reset"})
  void everyCommandHasHelp(String command) {
    CliRun run = CliRun.of(command, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("Usage: registry-streams " + command);
  }

  @Test
  void resetHelpSaysWhatHappensToTheOutputTopics() {
    assertThat(CliRun.of("reset", "--help").out().replaceAll("\\s+", " "))
        .contains("Output topics (entries, config-changes, rejected) are left as they are");
  }

  @Test
  void kafkaCommandsNeedBootstrapServers() {
    for (CliRun run : new CliRun[] {CliRun.of("export", "--dir", "x"), CliRun.of("reset")}) {
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err().lines()).hasSize(1);
      assertThat(run.err())
          .startsWith("error: give --bootstrap-servers (or REGISTRY_STREAMS_BOOTSTRAP_SERVERS)");
    }
  }

  @Test
  void aHandWrittenFileThatIsCleanPasses(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("hand.yaml");
    Files.writeString(
        file,
        """
        header: '[GOV][RULES][BASE][GOV-RULES-051N9KYNTF][v2.9][REQUIRED]'
        title: Hand written
        scope: GOV
        type: RULES
        version: v2.9
        status: REQUIRED
        """);

    CliRun run = CliRun.of("validate", file.toString());

    assertThat(run.out()).isEqualTo("1 file OK" + NL);
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void anUnusableRegistryConfigIsAUsageError(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("registry.yaml");
    Files.writeString(config, "header:\n  scopez: [GOV]\n");

    CliRun run = CliRun.of("validate", "--registry-config", config.toString(), "x.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: "
                + config
                + ": unknown key 'header.scopez' (allowed: scopes, types, variants, defaultVariant,"
                + " defaultVersion, versionPattern, statuses, defaultStatus)"
                + NL);
  }

  @Test
  void theRegistryConfigDecidesWhatIsValid(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("registry.yaml");
    Files.writeString(config, "header:\n  scopes: [SEC]\n");
    Path file = dir.resolve("hand.yaml");
    Files.writeString(
        file,
        "header: '[GOV][RULES][BASE][GOV-RULES-051N9KYNTF][v2.9][REQUIRED]'\n"
            + "title: t\nscope: GOV\ntype: RULES\nversion: v2.9\nstatus: REQUIRED\n");

    CliRun run = CliRun.of("validate", "--registry-config", config.toString(), file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(
            file
                + ":1: header scope 'GOV' is not one of SEC (case-sensitive)"
                + NL
                + file
                + ":3: scope 'GOV' is not one of SEC (case-sensitive)"
                + NL
                + "2 problems in 1 of 1 file"
                + NL);
  }

  @Test
  void structuralMistakesFoundByTheSchemaAreOneLineEachWithFileLineAndPath(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("hand.yaml");
    Files.writeString(
        file,
        """
        header: '[GOV][RULES][BASE][GOV-RULES-051N9KYNTF][v2.9][REQUIRED]'
        title: 7
        scope: GOV
        type: RULES
        version: v2.9
        createdAt: yesterday
        metadata:
          revision: 0
          colour: red
        """);

    CliRun run = CliRun.of("validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEmpty();
    assertThat(run.outLines())
        .containsExactly(
            file + ":1: missing key 'status'",
            file + ":2: title must be a string, not a number",
            file
                + ":6: createdAt 'yesterday' is not a UTC time with milliseconds (e.g."
                + " 2026-11-24T08:00:00.000Z)",
            file + ":8: metadata.revision must be a whole number from 1, not 0",
            file
                + ":9: unknown key 'metadata.colour' (allowed: id, variant, dedupKey, revision,"
                + " updatedAt, contentHash)",
            "5 problems in 1 of 1 file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "yaml"})
  void validateAsADocumentListsEveryFileAndProblem(String format, @TempDir Path dir)
      throws IOException {
    Path clean = dir.resolve("hand.yaml");
    Files.writeString(
        clean,
        "header: '[GOV][RULES][BASE][GOV-RULES-051N9KYNTF][v2.9][REQUIRED]'\n"
            + "title: Hand written\nscope: GOV\ntype: RULES\nversion: v2.9\nstatus: REQUIRED\n");
    Path wrongScope = dir.resolve("wrong.yaml");
    Files.writeString(
        wrongScope,
        "header: '[GOV][RULES][BASE][GOV-RULES-051N9KYNTF][v2.9][REQUIRED]'\n"
            + "title: Hand written\nscope: SEC\ntype: RULES\nversion: v2.9\nstatus: REQUIRED\n");
    Path missing = dir.resolve("missing.yaml");

    CliRun run =
        CliRun.of(
            "validate",
            "--output",
            format,
            clean.toString(),
            wrongScope.toString(),
            missing.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEmpty();
    Map<String, Object> doc = Documents.parse(format, run.out());
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("ok", false);
    expected.put("filesChecked", 3L);
    expected.put("filesWithProblems", 2L);
    expected.put("problems", 2L);
    expected.put("indexEntries", 0L);
    expected.put(
        "files",
        List.of(
            Documents.map("file", clean.toString(), "problems", List.of()),
            Documents.map(
                "file",
                wrongScope.toString(),
                "problems",
                List.of(
                    Documents.map(
                        "line", 3L, "message", "scope 'SEC' does not match the header (GOV)"))),
            Documents.map(
                "file",
                missing.toString(),
                "problems",
                List.of(
                    Documents.map(
                        "line", null, "message", "cannot read the file: no such file")))));
    assertThat(doc).isEqualTo(expected);
  }

  @Test
  void validateAsJsonWhenCleanSaysOk(@TempDir Path dir) throws IOException {
    Path clean = dir.resolve("hand.yaml");
    Files.writeString(
        clean,
        "header: '[GOV][RULES][BASE][GOV-RULES-051N9KYNTF][v2.9][REQUIRED]'\n"
            + "title: Hand written\nscope: GOV\ntype: RULES\nversion: v2.9\nstatus: REQUIRED\n");

    CliRun run = CliRun.of("validate", "-o", "json", clean.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(Documents.parse("json", run.out()))
        .isEqualTo(
            Documents.map(
                "ok",
                true,
                "filesChecked",
                1L,
                "filesWithProblems",
                0L,
                "problems",
                0L,
                "indexEntries",
                0L,
                "files",
                List.of(Documents.map("file", clean.toString(), "problems", List.of()))));
  }
}
