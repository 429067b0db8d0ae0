package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line mistakes the client commands catch before they touch Kafka. */
class ClientCommandsTest {

  @TempDir Path dir;

  @Test
  void everyCommandNeedsBootstrapServers() {
    assumeTrue(System.getenv("REGISTRY_STREAMS_BOOTSTRAP_SERVERS") == null);
    for (String[] args :
        new String[][] {
          {"generate", "--title", "T", "--scope", "GOV", "--type", "RULES"},
          {"batch", "--count", "10"},
          {"config", "get", "main"},
          {"config", "history", "main"},
          {"config", "diff", "main", "--from", "1", "--to", "2"},
        }) {
      CliRun run = CliRun.of(args);
      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.errLines())
          .as(String.join(" ", args))
          .singleElement()
          .asString()
          .startsWith("error: give --bootstrap-servers (or REGISTRY_STREAMS_BOOTSTRAP_SERVERS)");
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] args :
        new String[][] {
          {"generate", "--help"},
          {"batch", "--help"},
          {"config", "--help"},
          {"config", "put", "--help"},
          {"config", "get", "--help"},
          {"config", "history", "--help"},
          {"config", "diff", "--help"},
        }) {
      CliRun run = CliRun.of(args);
      assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(run.out()).startsWith("Usage: registry-streams " + args[0]);
    }
  }

  @Test
  void badContextPairIsAUsageError() {
    CliRun run = CliRun.generate("--bootstrap-servers", "127.0.0.1:1", "--context", "noequals");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly("error: --context 'noequals': expected KEY=VALUE (e.g. env=prod)");
  }

  @Test
  void contextValueBeyond64BitsIsAUsageError() {
    CliRun run =
        CliRun.generate(
            "--bootstrap-servers", "127.0.0.1:1", "--context", "n=123456789012345678901234567890");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "error: 'n': the integer 123456789012345678901234567890 does not fit in 64 bits");
  }

  @Test
  void batchNeedsFileOrCountButNotBoth() throws Exception {
    Path file = Files.writeString(dir.resolve("r.jsonl"), "");
    assertThat(CliRun.of("batch", "--bootstrap-servers", "x:1").exitCode()).isEqualTo(2);
    CliRun both =
        CliRun.of("batch", "--bootstrap-servers", "x:1", "--count", "5", "--file", file.toString());
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.errLines()).singleElement().asString().contains("mutually exclusive");
  }

  @Test
  void batchRatiosMustLeaveNewTitles() {
    CliRun run =
        CliRun.of(
            "batch",
            "--bootstrap-servers",
            "x:1",
            "--count",
            "10",
            "--duplicates",
            "0.5",
            "--updates",
            "0.5");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "error: --duplicates, --updates and --bad leave no new titles in --count 10");
  }

  @Test
  void envFileWithoutInterpolateIsAUsageError() throws Exception {
    Path yaml = Files.writeString(dir.resolve("d.yaml"), "a: 1\n");
    CliRun run =
        CliRun.of(
            "config",
            "put",
            yaml.toString(),
            "--name",
            "n",
            "--env-file",
            "x.env",
            "--bootstrap-servers",
            "x:1");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "error: --env-file needs --interpolate (see 'registry-streams config put --help')");
  }

  @Test
  void badTimeoutIsAUsageError() {
    CliRun run = CliRun.generate("--bootstrap-servers", "x:1", "--timeout", "soon");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("'soon' is not a duration");
  }
}
