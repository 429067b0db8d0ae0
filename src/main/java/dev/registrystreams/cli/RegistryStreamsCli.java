package dev.registrystreams.cli;

import dev.registrystreams.app.StartupException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The one executable: {@code java -jar registry-streams.jar COMMAND [OPTIONS]}. */
@Command(
    name = "registry-streams",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Turns registry generation requests into versioned, deduplicated registry entries,"
            + " with Kafka Streams.",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      BenchCommand.class,
      GenerateCommand.class,
      BatchCommand.class,
      ConfigCommand.class,
      ValidateCommand.class,
      ExportCommand.class,
      ResetCommand.class
    })
public final class RegistryStreamsCli implements Callable<Integer> {

  /** Exit code for a command line that could not be parsed or used. */
  static final int USAGE = 2;

  /** Names of the files an unexpected error's stack trace goes to, before a unique suffix. */
  static final String ERROR_LOG_PREFIX = "registry-streams-error-";

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  // Inherited, so that it goes before or after the command name alike.
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description =
          "When a command fails unexpectedly (not a mistake in its input), print the stack trace"
              + " on stderr instead of writing it to a file in the temporary directory.")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(
        execute(
            args,
            new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true),
            new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true)));
  }

  /** Runs one command line and returns its exit code; never throws for a user mistake. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return commandLine(out, err, Path.of(System.getProperty("java.io.tmpdir"))).execute(args);
  }

  /**
   * The command line with its printers and error handling; the stack trace of an unexpected error
   * goes to a new file in {@code errorLogDir} (unless {@code --verbose}).
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, Path errorLogDir) {
    RegistryStreamsCli root = new RegistryStreamsCli();
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (ParameterException e, String[] ignored) -> {
          CommandLine command = e.getCommandLine();
          err.println(
              "error: "
                  + e.getMessage()
                  + " (see '"
                  + command.getCommandSpec().qualifiedName()
                  + " --help')");
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (Exception e, CommandLine command, CommandLine.ParseResult parsed) -> {
          if (e instanceof UserException user) {
            err.println("error: " + user.getMessage());
            return user.exitCode();
          }
          if (e instanceof StartupException startup) {
            err.println("error: " + startup.getMessage());
            return 1;
          }
          // Not the user's mistake: the console gets one line, the trace goes where it can be
          // found and sent along with a report.
          LoggerFactory.getLogger(RegistryStreamsCli.class).debug("command failed", e);
          String line = "error: " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
          if (root.verbose) {
            err.println(line);
            e.printStackTrace(err);
          } else {
            err.println(line + " (" + writeTrace(e, command, errorLogDir) + ")");
          }
          err.flush();
          return 1;
        });
    return cli;
  }

  /** Writes the stack trace to a new file and says where; or, if it cannot, why not. */
  private static String writeTrace(Exception e, CommandLine command, Path dir) {
    StringWriter text = new StringWriter();
    try (PrintWriter trace = new PrintWriter(text)) {
      // The command's name and not its arguments: those may hold passwords.
      trace.println(
          command.getCommandSpec().qualifiedName()
              + " failed at "
              + Instant.now()
              + " ("
              + new VersionProvider().getVersion()[0]
              + ", Java "
              + Runtime.version()
              + ")");
      e.printStackTrace(trace);
    }
    try {
      // createTempFile: a name no other run takes, readable by its owner only.
      Path file =
          Files.createTempFile(
              dir, ERROR_LOG_PREFIX + FILE_TIME.format(Instant.now()) + "-", ".log");
      Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
      return "stack trace in " + file.toAbsolutePath() + "; --verbose prints it here";
    } catch (IOException | RuntimeException failed) {
      return "the stack trace could not be written to "
          + dir
          + ": "
          + oneLine(failed.getMessage())
          + "; --verbose prints it here";
    }
  }

  private static String oneLine(@Nullable String text) {
    return text == null ? "null" : text.replaceAll("\\s+", " ").strip();
  }

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }
}
