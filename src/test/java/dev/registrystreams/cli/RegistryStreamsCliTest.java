package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.app.AppConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

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
    run.failsWithOneLine(RegistryStreamsCli.USAGE).hasNoStackTrace();
    assertThat(run.errLines())
        .containsExactly("error: --num-stream-threads must be at least 1, not 0");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void missingRegistryConfigIsRefusedOnOneLine() {
    CliRun run =
        CliRun.of("run", "--bootstrap-servers", NOWHERE, "--registry-config", "/no/such/file");
    run.failsWithOneLine(RegistryStreamsCli.USAGE).hasNoStackTrace();
    assertThat(run.err()).contains("/no/such/file");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void onlyAnExplicitPartitionCountIsRequiredOfExistingTopics() {
    AppConfig.TopicLayout defaulted = layout();
    assertThat(defaulted.partitions()).isEqualTo(6);
    assertThat(defaulted.partitionsRequested()).isFalse();
    // Even the default count, given explicitly, is required of existing topics.
    AppConfig.TopicLayout explicit = layout("--partitions", "6");
    assertThat(explicit.partitions()).isEqualTo(6);
    assertThat(explicit.partitionsRequested()).isTrue();
  }

  private static AppConfig.TopicLayout layout(String... args) {
    StreamsOptions options = new StreamsOptions();
    new CommandLine(options).parseArgs(args);
    return options
        .appConfig("x:9092", "app", dev.registrystreams.topology.TopicNames.defaults(), Map.of())
        .topicLayout();
  }

  @Test
  void demoRefusesAnEmptyWorkloadOnOneLine() {
    CliRun run = CliRun.of("demo", "--titles", "0");
    run.failsWithOneLine(RegistryStreamsCli.USAGE).hasNoStackTrace();
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

  /** The top level and every subcommand at any depth, read from the CLI itself. */
  static Stream<List<String>> everyCommand() {
    List<List<String>> commands = new ArrayList<>();
    collect(new CommandLine(new RegistryStreamsCli()), List.of(), commands);
    return commands.stream();
  }

  private static void collect(CommandLine cli, List<String> path, List<List<String>> commands) {
    commands.add(path);
    cli.getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> longer = new ArrayList<>(path);
              longer.add(name);
              collect(sub, longer, commands);
            });
  }

  /** The Kafka options: wherever a command has one, it is also an environment variable. */
  private static final List<String> KAFKA_OPTIONS =
      List.of(
          "--bootstrap-servers",
          "--application-id",
          "--requests-topic",
          "--entries-topic",
          "--config-changes-topic",
          "--rejected-topic",
          "--kafka-config",
          "--kafka-config-file");

  @ParameterizedTest
  @MethodSource("everyCommand")
  void everyKafkaOptionOfEveryCommandIsAlsoAnEnvironmentVariable(List<String> command) {
    // Without interpolation, the default value is what the command declares: ${env:NAME...}.
    CommandLine cli = new CommandLine(new RegistryStreamsCli()).setInterpolateVariables(false);
    for (String name : command) {
      cli = cli.getSubcommands().get(name);
    }
    for (OptionSpec option : cli.getCommandSpec().options()) {
      if (KAFKA_OPTIONS.contains(option.longestName())) {
        String variable =
            "REGISTRY_STREAMS_"
                + option.longestName().substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
        assertThat(option.defaultValue())
            .as("%s %s", command, option.longestName())
            .startsWith("${env:" + variable);
        assertThat(String.join(" ", option.description()))
            .as("%s %s", command, option.longestName())
            .contains("Env: " + variable);
      }
    }
  }

  @Test
  void benchTakesTheKafkaConfigOptionsToo() {
    CommandLine bench = new CommandLine(new RegistryStreamsCli()).getSubcommands().get("bench");
    assertThat(bench.getCommandSpec().findOption("--kafka-config")).isNotNull();
    assertThat(bench.getCommandSpec().findOption("--kafka-config-file")).isNotNull();
  }

  /**
   * Every command that takes --kafka-config, with the rest of a command line it would run with:
   * each must refuse a bad Kafka property before it connects anywhere.
   */
  static Stream<List<String>> kafkaConfigCommands() {
    List<String> generate =
        List.of("generate", "--title", "t", "--scope", "GOV", "--type", "RULES");
    return Stream.of(
        List.of("run"),
        List.of("bench"),
        generate,
        List.of("batch", "--count", "10"),
        List.of("config", "put", "dashboard.yaml", "--name", "n"),
        List.of("config", "get", "n"),
        List.of("config", "history", "n"),
        List.of("config", "diff", "n", "--from", "1", "--to", "2"),
        List.of("export", "--dir", "x"),
        List.of("reset"));
  }

  @Test
  void kafkaConfigCommandsAreEveryCommandThatTakesTheOption() {
    List<List<String>> withOption =
        everyCommand()
            .filter(command -> !command.isEmpty())
            .filter(
                command -> command(command).getCommandSpec().findOption("--kafka-config") != null)
            .toList();
    assertThat(kafkaConfigCommands().map(RegistryStreamsCliTest::commandName))
        .containsExactlyInAnyOrderElementsOf(withOption);
  }

  @ParameterizedTest
  @MethodSource("kafkaConfigCommands")
  void aKafkaPropertyValueKafkaRefusesIsAUsageErrorBeforeAnythingConnects(List<String> command) {
    CliRun run = CliRun.of(withKafka(command, "--kafka-config", "acks=banana"));
    run.failsWithOneLine(RegistryStreamsCli.USAGE).hasNoStackTrace();
    assertThat(run.errLines())
        .containsExactly(
            "error: --kafka-config acks: Invalid value banana for configuration acks: String must"
                + " be one of: all, -1, 0, 1");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aPrefixedKafkaPropertyIsCheckedForItsClient() {
    CliRun run =
        CliRun.of("run", "--bootstrap-servers", NOWHERE, "--kafka-config", "producer.linger.ms=x");
    run.failsWithOneLine(RegistryStreamsCli.USAGE).hasNoStackTrace();
    assertThat(run.errLines())
        .containsExactly(
            "error: --kafka-config producer.linger.ms: Invalid value x for configuration linger.ms:"
                + " Not a number of type LONG");
  }

  /** The commands that use --application-id: run, reset, and generate for its Redis lookups. */
  static Stream<List<String>> applicationIdCommands() {
    return Stream.of(
        List.of("run"),
        List.of("reset"),
        List.of(
            "generate",
            "--title",
            "t",
            "--scope",
            "GOV",
            "--type",
            "RULES",
            "--store",
            "redis",
            "--redis-url",
            "redis://127.0.0.1:1"));
  }

  @ParameterizedTest
  @MethodSource("applicationIdCommands")
  void anApplicationIdKafkaCannotNameTopicsWithIsAUsageError(List<String> command) {
    CliRun illegal = CliRun.of(withKafka(command, "--application-id", "payments registry"));
    illegal.failsWithOneLine(RegistryStreamsCli.USAGE).hasNoStackTrace();
    assertThat(illegal.errLines())
        .containsExactly(
            "error: --application-id 'payments registry' may only contain letters, digits, '.',"
                + " '_' and '-'");

    CliRun tooLong = CliRun.of(withKafka(command, "--application-id", "a".repeat(216)));
    tooLong.failsWithOneLine(RegistryStreamsCli.USAGE).hasNoStackTrace();
    assertThat(tooLong.errLines())
        .containsExactly(
            "error: --application-id is 216 characters long; at most 215 fit in the name of its"
                + " internal topic <id>-requests-by-dedup-key-repartition (Kafka allows 249"
                + " characters)");
    assertThat(illegal.out() + tooLong.out()).isEmpty();
  }

  @Test
  void anApplicationIdGivenAsAKafkaPropertyIsCheckedToo() {
    CliRun run =
        CliRun.of("run", "--bootstrap-servers", NOWHERE, "--kafka-config", "application.id=a/b");
    run.failsWithOneLine(RegistryStreamsCli.USAGE).hasNoStackTrace();
    assertThat(run.errLines())
        .containsExactly(
            "error: --kafka-config application.id 'a/b' may only contain letters, digits, '.', '_'"
                + " and '-'");
  }

  private static String[] withKafka(List<String> command, String... more) {
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of("--bootstrap-servers", NOWHERE));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** The command's names without its options and parameters: [config, put]. */
  private static List<String> commandName(List<String> commandLine) {
    List<String> names = new ArrayList<>();
    CommandLine cli = new CommandLine(new RegistryStreamsCli());
    for (String word : commandLine) {
      CommandLine sub = cli.getSubcommands().get(word);
      if (sub == null) {
        break;
      }
      names.add(word);
      cli = sub;
    }
    return names;
  }

  private static CommandLine command(List<String> names) {
    CommandLine cli = new CommandLine(new RegistryStreamsCli());
    for (String name : names) {
      cli = cli.getSubcommands().get(name);
    }
    return cli;
  }

  @ParameterizedTest
  @ValueSource(strings = {"export", "reset"})
  void aTimeoutThatIsNoDurationIsAUsageError(String command) {
    for (String timeout : List.of("soon", "0")) {
      CliRun run =
          CliRun.of(command, "--bootstrap-servers", NOWHERE, "--dir", "x", "--timeout", timeout);
      if (command.equals("reset")) {
        run = CliRun.of(command, "--bootstrap-servers", NOWHERE, "--timeout", timeout);
      }
      run.failsWithOneLine(2).hasNoStackTrace();
      assertThat(run.err()).contains("'" + timeout + "' is not a");
    }
  }

  private static List<String> qualified(List<String> command) {
    List<String> names = new ArrayList<>();
    names.add("registry-streams");
    names.addAll(command);
    return names;
  }
}
