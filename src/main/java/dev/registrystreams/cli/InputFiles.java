package dev.registrystreams.cli;

import dev.registrystreams.cli.files.UserFiles;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The files a command line names, read the one way: a file that cannot be read is a one-line usage
 * error (exit 2) naming the option, the file and why, such as {@code cannot read --context-file
 * ctx.yaml: not valid UTF-8 at byte 3 (line 1)}.
 */
final class InputFiles {

  private InputFiles() {}

  /**
   * The file as UTF-8 text.
   *
   * @param option the option that names the file, or null for a positional argument
   */
  static String read(Path file, @Nullable String option) {
    return read(file, option, RegistryStreamsCli.USAGE);
  }

  /** The same, failing with {@code exitCode}. */
  static String read(Path file, @Nullable String option, int exitCode) {
    try {
      return UserFiles.readUtf8(file);
    } catch (UserFiles.UnreadableFileException e) {
      throw unreadable(file, option, e, exitCode);
    }
  }

  /** Checks that a file that another library reads (a certificate) can be opened. */
  static void checkReadable(Path file, @Nullable String option) {
    try {
      UserFiles.checkReadable(file);
    } catch (UserFiles.UnreadableFileException e) {
      throw unreadable(file, option, e, RegistryStreamsCli.USAGE);
    }
  }

  private static UserException unreadable(
      Path file, @Nullable String option, UserFiles.UnreadableFileException e, int exitCode) {
    return new UserException(
        "cannot read " + (option == null ? "" : option + " ") + file + ": " + e.getMessage(),
        exitCode);
  }
}
