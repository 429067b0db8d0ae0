package dev.registrystreams.cli;

import dev.registrystreams.app.StartupException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
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

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(
        execute(
            args,
            new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true),
            new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true)));
  }

  /** Runs one command line and returns its exit code; never throws for a user mistake. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new RegistryStreamsCli());
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
          // Not the user's mistake: keep the trace in the log, the console gets one line.
          LoggerFactory.getLogger(RegistryStreamsCli.class).debug("command failed", e);
          err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }
}
