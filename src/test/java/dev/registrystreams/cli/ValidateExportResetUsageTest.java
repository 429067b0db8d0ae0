package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
