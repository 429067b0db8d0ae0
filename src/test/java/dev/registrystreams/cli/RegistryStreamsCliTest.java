package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Command lines that must be refused before anything connects anywhere: no broker needed. */
class RegistryStreamsCliTest {

  /** An address nothing listens on; none of these command lines may get as far as using it. */
  private static final String NOWHERE = "127.0.0.1:1";

  @Test
  void unknownOptionIsAUsageErrorOnOneLine() {
    CliRun run = CliRun.of("run", "--bootstrap-servers", NOWHERE, "--no-such-option");
    run.failsWithOneLine(2).hasNoStackTrace();
    assertThat(run.err()).contains("--no-such-option").contains("registry-streams run --help");
  }

  @Test
  void unknownTopLevelOptionIsAUsageErrorOnOneLine() {
    CliRun.of("--no-such-option").failsWithOneLine(2).hasNoStackTrace();
  }

  @Test
  void unknownCommandIsAUsageErrorOnOneLine() {
    CliRun.of("no-such-command").failsWithOneLine(2).hasNoStackTrace();
  }

  @Test
  void noCommandIsAUsageErrorOnOneLine() {
    CliRun run = CliRun.of();
    run.failsWithOneLine(2).hasNoStackTrace();
    assertThat(run.err())
        .startsWith(
            "error: missing command: choose one of [run, demo, bench, generate, batch, config,"
                + " validate, export, reset]");
  }

  @Test
  void runNeedsBootstrapServersOrEmbedded() {
    CliRun run = CliRun.of("run");
    run.failsWithOneLine(2).hasNoStackTrace();
    assertThat(run.err()).contains("--bootstrap-servers").contains("--embedded");
  }

  @Test
  void embeddedAndBootstrapServersExcludeEachOther() {
    CliRun run = CliRun.of("run", "--embedded", "--bootstrap-servers", NOWHERE);
    run.failsWithOneLine(2).hasNoStackTrace();
    assertThat(run.err()).contains("--embedded and --bootstrap-servers exclude each other");
  }

  @Test
  void embeddedPortOutOfRangeIsAUsageError() {
    CliRun.of("run", "--embedded", "--embedded-port", "70000")
        .failsWithOneLine(2)
        .hasNoStackTrace();
  }

  @Test
  void badEnumValueIsAUsageErrorThatListsTheChoices() {
    CliRun run = CliRun.of("run", "--bootstrap-servers", NOWHERE, "--processing-guarantee", "nope");
    run.failsWithOneLine(2).hasNoStackTrace();
    assertThat(run.err()).contains("exactly_once_v2").contains("at_least_once").contains("nope");
  }

  @Test
  void notANumberIsAUsageError() {
    CliRun.of("run", "--bootstrap-servers", NOWHERE, "--num-stream-threads", "many")
        .failsWithOneLine(2)
        .hasNoStackTrace();
  }

  @Test
  void zeroStreamThreadsIsRefusedOnOneLine() {
    CliRun run = CliRun.of("run", "--bootstrap-servers", NOWHERE, "--num-stream-threads", "0");
    run.failsWithOneLine(1).hasNoStackTrace();
    assertThat(run.errLines())
        .containsExactly("error: --num-stream-threads must be at least 1, not 0");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void missingRegistryConfigIsRefusedOnOneLine() {
    CliRun run =
        CliRun.of("run", "--bootstrap-servers", NOWHERE, "--registry-config", "/no/such/file");
    run.failsWithOneLine(1).hasNoStackTrace();
    assertThat(run.err()).contains("/no/such/file");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void demoRefusesAnEmptyWorkloadOnOneLine() {
    CliRun run = CliRun.of("demo", "--titles", "0");
    run.failsWithOneLine(1).hasNoStackTrace();
    assertThat(run.err()).contains("--titles must be at least 1");
  }

  @ParameterizedTest
  @MethodSource("everyCommand")
  void helpOfEveryCommandExitsZeroAndPrintsUsage(List<String> command) {
    List<String> args = new ArrayList<>(command);
    args.add("--help");
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .startsWith("Usage: " + String.join(" ", qualified(command)))
        .contains("-h, --help");
    run.hasNoStackTrace();
  }

  @Test
  void versionExitsZero() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("registry-streams ");
    assertThat(run.err()).isEmpty();
  }

  /** The top level and every subcommand, read from the CLI itself so new commands are covered. */
  static Stream<List<String>> everyCommand() {
    CommandLine cli = new CommandLine(new RegistryStreamsCli());
    return Stream.concat(
        Stream.of(List.of()), cli.getSubcommands().keySet().stream().map(name -> List.of(name)));
  }

  private static List<String> qualified(List<String> command) {
    List<String> names = new ArrayList<>();
    names.add("registry-streams");
    names.addAll(command);
    return names;
  }
}
