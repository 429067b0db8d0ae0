package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** One in-process run of the command line, with what it printed. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        RegistryStreamsCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  static CliRun of(List<String> args) {
    return of(args.toArray(String[]::new));
  }

  /**
   * {@code generate} of a request every check passes (title T, scope GOV, type RULES), then {@code
   * more}: for what a test says about the other options.
   */
  static CliRun generate(String... more) {
    List<String> args =
        new ArrayList<>(List.of("generate", "--title", "T", "--scope", "GOV", "--type", "RULES"));
    args.addAll(List.of(more));
    return of(args);
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  List<String> errLines() {
    return err.lines().toList();
  }

  /** Exits with {@code code} and says why on stderr in exactly one line, without a stack trace. */
  CliRun failsWithOneLine(int code) {
    assertThat(exitCode).as("exit code; stderr: %s", err).isEqualTo(code);
    assertThat(errLines()).as("stderr").hasSize(1);
    assertThat(errLines().get(0)).startsWith("error: ");
    return this;
  }

  /** Nothing on stderr or stdout looks like a Java stack trace. */
  CliRun hasNoStackTrace() {
    assertThat(err.lines()).as("stderr").noneMatch(CliRun::isStackFrame);
    assertThat(out.lines()).as("stdout").noneMatch(CliRun::isStackFrame);
    return this;
  }

  static boolean isStackFrame(String line) {
    return line.startsWith("\tat ") || line.startsWith("Caused by: ");
  }
}
