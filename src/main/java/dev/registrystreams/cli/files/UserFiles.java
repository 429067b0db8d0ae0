package dev.registrystreams.cli.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads the files a user names (a context file, a registry configuration, a .env file, a JSON Lines
 * file, a properties file), saying in a few words why one cannot be read: {@code no such file},
 * {@code is a directory}, {@code permission denied}, {@code not valid UTF-8 at byte 3 (line 1)},
 * never a Java exception's name or a decoder's {@code Input length = 1}.
 */
public final class UserFiles {

  /** A file that cannot be read; the message is the reason alone, such as {@code no such file}. */
  public static final class UnreadableFileException extends IOException {
    private static final long serialVersionUID = 1L;

    UnreadableFileException(String reason, @Nullable Throwable cause) {
      super(reason, cause);
    }
  }

  private UserFiles() {}

  /**
   * The whole file as UTF-8 text.
   *
   * @throws UnreadableFileException when it cannot be read or is not UTF-8 text; the first byte
   *     that is not is counted from 0, as a hex dump shows it
   */
  public static String readUtf8(Path file) throws UnreadableFileException {
    return decode(readBytes(file));
  }

  /** The whole file. */
  public static byte[] readBytes(Path file) throws UnreadableFileException {
    if (Files.isDirectory(file)) {
      throw new UnreadableFileException("is a directory", null);
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UnreadableFileException(reason(e), e);
    }
  }

  /** Checks that the file can be opened for reading, for files that another library reads. */
  public static void checkReadable(Path file) throws UnreadableFileException {
    if (Files.isDirectory(file)) {
      throw new UnreadableFileException("is a directory", null);
    }
    try (InputStream in = Files.newInputStream(file)) {
      // Opened: readable.
    } catch (IOException e) {
      throw new UnreadableFileException(reason(e), e);
    }
  }

  /** Why a file could not be read, in a few words. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    String text = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
    if (text == null || text.isBlank()) {
      return e.getClass().getSimpleName();
    }
    // "Is a directory", "Not a directory" as the operating system says it, in the middle of ours.
    text = text.replaceAll("\\s+", " ").strip();
    return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
  }

  /** UTF-8 text, or where it stops being that. */
  static String decode(byte[] bytes) throws UnreadableFileException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int at = in.position();
      throw new UnreadableFileException(
          "not valid UTF-8 at byte " + at + " (line " + lineOf(bytes, at) + ")", null);
    }
    return out.flip().toString();
  }

  private static int lineOf(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }
}
