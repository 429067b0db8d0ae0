package dev.registrystreams.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * The Kafka Streams state directory of a command that runs the application for a while and then
 * exits ({@code demo}, {@code bench}): made in the OS temporary directory, removed on close, and
 * announced in the application's words by {@link #notice()}.
 *
 * <p>Kafka Streams warns about every state.dir in the OS temporary directory, because the OS may
 * clear it under a long-running instance. For these throwaway runs that is the intent, so while
 * this is open that warning is dropped for this directory only; {@code run} with a state.dir under
 * /tmp still gets it.
 */
final class TempStateDir implements AutoCloseable {

  /** Logger and start of the warning Kafka Streams logs for a state.dir under java.io.tmpdir. */
  static final String KAFKA_LOGGER = "org.apache.kafka.streams.processor.internals.StateDirectory";

  static final String KAFKA_WARNING = "Using an OS temp directory in the state.dir property";

  private final Path path;
  private final String command;
  private final TurboFilter filter;

  private TempStateDir(Path path, String command) {
    this.path = path;
    this.command = command;
    String dir = path.toString();
    this.filter =
        new TurboFilter() {
          @Override
          public FilterReply decide(
              @Nullable Marker marker,
              Logger logger,
              Level level,
              @Nullable String format,
              Object @Nullable [] params,
              @Nullable Throwable t) {
            // Kafka Streams builds the message itself: the directory is in the format string.
            // Logback asks with no format (nor marker, parameters or throwable) for isXEnabled().
            boolean ours =
                format != null
                    && logger.getName().equals(KAFKA_LOGGER)
                    && format.startsWith(KAFKA_WARNING)
                    && format.contains(dir);
            return ours ? FilterReply.DENY : FilterReply.NEUTRAL;
          }
        };
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.addTurboFilter(filter);
    }
  }

  /** A new, empty state directory for one run of {@code command}. */
  static TempStateDir create(String command) throws IOException {
    return new TempStateDir(
        Files.createTempDirectory("registry-streams-" + command + "-"), command);
  }

  Path path() {
    return path;
  }

  /** The one line that says where the state is and that it does not outlive the command. */
  String notice() {
    return "Kafka Streams state: "
        + path
        + " (a temporary directory, removed when "
        + command
        + " ends)";
  }

  /** Removes what one application left under this directory (its application id's folder). */
  void removeApplication(String applicationId) {
    Path dir = path.resolve(applicationId);
    if (Files.exists(dir)) {
      DemoCommand.deleteRecursively(dir);
    }
  }

  @Override
  public void close() {
    try {
      DemoCommand.deleteRecursively(path);
    } finally {
      if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
        context.getTurboFilterList().remove(filter);
      }
    }
  }
}
