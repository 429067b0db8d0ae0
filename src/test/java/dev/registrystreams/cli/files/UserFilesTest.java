package dev.registrystreams.cli.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the files a user names: the text, or why not in a few words. */
class UserFilesTest {

  @TempDir Path dir;

  @Test
  void readsUtf8Text() throws IOException {
    Path file = dir.resolve("ctx.yaml");
    Files.writeString(file, "title: Zürich 東京 🚀\n", StandardCharsets.UTF_8);
    assertThat(UserFiles.readUtf8(file)).isEqualTo("title: Zürich 東京 🚀\n");
    Files.write(file, new byte[0]);
    assertThat(UserFiles.readUtf8(file)).isEmpty();
  }

  @Test
  void saysAtWhichByteAndLineTheTextStopsBeingUtf8() throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, "abc\u00e9".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> UserFiles.readUtf8(file))
        .isInstanceOf(UserFiles.UnreadableFileException.class)
        .hasMessage("not valid UTF-8 at byte 3 (line 1)");

    Files.write(file, "a: 1\nb: \u00fc\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> UserFiles.readUtf8(file))
        .hasMessage("not valid UTF-8 at byte 8 (line 2)");

    // A multi-byte sequence cut short at the end of the file.
    Files.write(file, new byte[] {'o', 'k', (byte) 0xe6, (byte) 0x9d});
    assertThatThrownBy(() -> UserFiles.readUtf8(file))
        .hasMessage("not valid UTF-8 at byte 2 (line 1)");
  }

  @Test
  void aMissingFileADirectoryAndAPathThroughAFileSaySo() throws IOException {
    assertThatThrownBy(() -> UserFiles.readUtf8(dir.resolve("missing.yaml")))
        .isInstanceOf(UserFiles.UnreadableFileException.class)
        .hasMessage("no such file");
    assertThatThrownBy(() -> UserFiles.readUtf8(dir)).hasMessage("is a directory");
    assertThatThrownBy(() -> UserFiles.checkReadable(dir)).hasMessage("is a directory");
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> UserFiles.readUtf8(file.resolve("x"))).hasMessage("not a directory");
    assertThatThrownBy(() -> UserFiles.checkReadable(dir.resolve("missing.pem")))
        .hasMessage("no such file");
  }

  @Test
  void theOperatingSystemsReasonsAreWordsNotExceptionNames() {
    assertThat(UserFiles.reason(new AccessDeniedException("/etc/shadow")))
        .isEqualTo("permission denied");
    assertThat(UserFiles.reason(new FileSystemException("/x", null, "Is a directory")))
        .isEqualTo("is a directory");
    assertThat(UserFiles.reason(new FileSystemException("/x", null, "Input/output error")))
        .isEqualTo("input/output error");
    assertThat(UserFiles.reason(new IOException())).isEqualTo("IOException");
  }
}
