package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file a command line names is read the one way: one that cannot be read is a usage error
 * (exit 2) that says which option, which file and why, before anything connects.
 */
class InputFilesTest {

  private static final String NOWHERE = "127.0.0.1:1";

  @TempDir Path dir;

  /** How each option names its file; the label is how the message names the option. */
  record FileOption(String label, BiFunction<Path, Path, List<String>> commandLine) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<FileOption> fileOptions() {
    return Stream.of(
        new FileOption(
            "--context-file",
            (file, dir) ->
                List.of(
                    "generate",
                    "--bootstrap-servers",
                    NOWHERE,
                    "--title",
                    "t",
                    "--scope",
                    "GOV",
                    "--type",
                    "RULES",
                    "--context-file",
                    file.toString())),
        new FileOption(
            "--registry-config",
            (file, dir) ->
                List.of(
                    "run", "--bootstrap-servers", NOWHERE, "--registry-config", file.toString())),
        new FileOption(
            "--env-file",
            (file, dir) ->
                List.of(
                    "config",
                    "put",
                    goodYaml(dir).toString(),
                    "--name",
                    "n",
                    "--interpolate",
                    "--env-file",
                    file.toString(),
                    "--bootstrap-servers",
                    NOWHERE)),
        new FileOption(
            "--file",
            (file, dir) ->
                List.of("batch", "--bootstrap-servers", NOWHERE, "--file", file.toString())),
        new FileOption(
            null,
            (file, dir) ->
                List.of(
                    "config",
                    "put",
                    file.toString(),
                    "--name",
                    "n",
                    "--bootstrap-servers",
                    NOWHERE)),
        new FileOption(
            "--kafka-config-file",
            (file, dir) ->
                List.of(
                    "run", "--bootstrap-servers", NOWHERE, "--kafka-config-file", file.toString())),
        new FileOption(
            "--redis-ca-cert",
            (file, dir) ->
                List.of(
                    "run",
                    "--bootstrap-servers",
                    NOWHERE,
                    "--store",
                    "redis",
                    "--redis-url",
                    "rediss://127.0.0.1:1",
                    "--redis-ca-cert",
                    file.toString())),
        new FileOption(
            "--registry-config",
            (file, dir) -> List.of("validate", "--registry-config", file.toString(), "x.yaml")));
  }

  /** A clean YAML file in {@code dir}, for the command lines that need one. */
  private static Path goodYaml(Path dir) {
    Path yaml = dir.resolve("good.yaml");
    try {
      Files.writeString(yaml, "a: 1\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return yaml;
  }

  static Stream<Arguments> textFileOptions() {
    // A certificate is read by the TLS library, which takes PEM in any encoding.
    return fileOptions().filter(o -> !"--redis-ca-cert".equals(o.label())).map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileOptions")
  void aMissingFileSaysNoSuchFile(FileOption option) {
    Path file = dir.resolve("missing.txt");
    assertRefused(option, file, "no such file");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileOptions")
  void aDirectorySaysSo(FileOption option) throws IOException {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    assertRefused(option, sub, "is a directory");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileOptions")
  void aPathThroughAFileSaysNotADirectory(FileOption option) throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x").resolve("x");
    assertRefused(option, file, "not a directory");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("textFileOptions")
  void aFileThatIsNotUtf8SaysWhere(FileOption option) throws IOException {
    Path file = dir.resolve("latin1.txt");
    Files.write(file, "a=1\nb=\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertRefused(option, file, "not valid UTF-8 at byte 6 (line 2)");
  }

  private void assertRefused(FileOption option, Path file, String reason) {
    List<String> args = new ArrayList<>(option.commandLine().apply(file, dir));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    run.failsWithOneLine(RegistryStreamsCli.USAGE).hasNoStackTrace();
    assertThat(run.errLines())
        .containsExactly(
            "error: cannot read "
                + (option.label() == null ? "" : option.label() + " ")
                + file
                + ": "
                + reason);
    assertThat(run.out()).isEmpty();
  }
}
