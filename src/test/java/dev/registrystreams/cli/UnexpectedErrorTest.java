package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * What a command that fails prints: one line for a user's mistake, and for anything else one line
 * naming the file that holds the stack trace, or the trace itself with {@code --verbose}.
 */
class UnexpectedErrorTest {

  private static final Pattern TRACE_FILE =
      Pattern.compile(
          "error: IllegalStateException: the store is gone \\(stack trace in (.+); --verbose"
              + " prints it here\\)");

  @TempDir Path logs;

  /** Fails as a bug would: an exception no code meant for the user. */
  @Command(name = "explode")
  static final class Explode implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("the store\n is gone", new IOException("disk full"));
    }
  }

  /** Fails as a user's mistake does. */
  @Command(name = "mistake")
  static final class Mistake implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new UserException("--count must be at least 1", 2);
    }
  }

  private CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        RegistryStreamsCli.commandLine(
            new PrintWriter(out, true), new PrintWriter(err, true), logs);
    cli.addSubcommand(new Explode());
    cli.addSubcommand(new Mistake());
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  private List<Path> logFiles() throws IOException {
    try (Stream<Path> files = Files.list(logs)) {
      return files.toList();
    }
  }

  @Test
  void anUnexpectedErrorIsOneLineNamingTheFileThatHoldsItsStackTrace() throws IOException {
    CliRun run = run("explode");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    run.hasNoStackTrace();
    assertThat(run.errLines()).hasSize(1);
    Matcher line = TRACE_FILE.matcher(run.errLines().get(0));
    assertThat(line.matches()).as(run.err()).isTrue();
    Path file = Path.of(line.group(1));
    assertThat(logFiles()).containsExactly(file);
    assertThat(file.getFileName().toString())
        .matches(RegistryStreamsCli.ERROR_LOG_PREFIX + "\\d{8}T\\d{6}Z-\\d+\\.log");
    List<String> trace = Files.readAllLines(file);
    assertThat(trace.get(0)).startsWith("registry-streams explode failed at ");
    assertThat(trace.get(1)).isEqualTo("java.lang.IllegalStateException: the store");
    assertThat(trace)
        .contains(" is gone", "Caused by: java.io.IOException: disk full")
        .anyMatch(l -> l.startsWith("\tat " + Explode.class.getName() + ".call("));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void verbosePrintsTheStackTraceOnStderrInsteadBeforeOrAfterTheCommand(boolean before)
      throws IOException {
    CliRun run = before ? run("--verbose", "explode") : run("explode", "--verbose");

    assertThat(run.exitCode()).isEqualTo(1);
    List<String> err = run.errLines();
    assertThat(err.get(0)).isEqualTo("error: IllegalStateException: the store is gone");
    assertThat(err.get(1)).isEqualTo("java.lang.IllegalStateException: the store");
    assertThat(err)
        .contains("Caused by: java.io.IOException: disk full")
        .anyMatch(l -> l.startsWith("\tat " + Explode.class.getName() + ".call("));
    assertThat(logFiles()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aUsersMistakeStaysOneLineWithoutATraceOrAFile(boolean verbose) throws IOException {
    CliRun mistake = verbose ? run("--verbose", "mistake") : run("mistake");
    CliRun badOption = verbose ? run("--verbose", "explode", "--nope") : run("explode", "--nope");

    assertThat(mistake.failsWithOneLine(2).hasNoStackTrace().err())
        .isEqualTo("error: --count must be at least 1" + System.lineSeparator());
    assertThat(badOption.failsWithOneLine(2).hasNoStackTrace().err())
        .startsWith("error: Unknown option: '--nope'");
    assertThat(logFiles()).isEmpty();
  }

  @Test
  void whenTheTraceCannotBeWrittenTheLineSaysWhy() throws IOException {
    Path notADirectory = Files.writeString(logs.resolve("file"), "x");
    StringWriter err = new StringWriter();
    CommandLine cli =
        RegistryStreamsCli.commandLine(
            new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), notADirectory);
    cli.addSubcommand(new Explode());

    assertThat(cli.execute("explode")).isEqualTo(1);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith(
            "error: IllegalStateException: the store is gone (the stack trace could not be"
                + " written to "
                + notADirectory
                + ": ")
        .endsWith("; --verbose prints it here)");
  }
}
