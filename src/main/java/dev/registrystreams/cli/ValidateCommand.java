package dev.registrystreams.cli;

import dev.registrystreams.core.ConfigValidator;
import dev.registrystreams.core.ConfigValidator.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code validate}: checks entry configs and export indexes, for people and for CI. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks registry entry configs (as export writes them, .yaml, .yaml.zst or .yaml.gz, or"
          + " hand-written) and export indexes (index.yaml) against the registry schema.",
      "A directory stands for its *.yaml, *.yaml.zst and *.yaml.gz files. Every problem is"
          + " printed as FILE:LINE: problem (FILE: problem when the file cannot be read), in"
          + " argument order and then by line; then a count.",
      "A file named <64 hex>.yaml[.zst|.gz] must have the full export format and be named by its"
          + " content hash; any other needs header, title, scope, type, version and status, and"
          + " its other keys are checked when present.",
      "With --output json or yaml it prints one document instead: ok (true when no file has a"
          + " problem), filesChecked, filesWithProblems, problems (the count), and files: one item"
          + " per file checked, in the same order, with file and problems (each line, null when"
          + " the file cannot be read, and message).",
      "Exit status: 0 when every file is clean, 1 when there is any problem, 2 for a command line"
          + " that cannot be used."
    })
final class ValidateCommand implements Callable<Integer> {

  /** Largest file read, before and after decompression. */
  static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

  @Spec CommandSpec spec;
  @Mixin RegistryConfigOption registry;
  @Mixin OutputOptions output;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files or directories to check.")
  List<Path> files;

  @Override
  public Integer call() {
    ConfigValidator validator = new ConfigValidator(registry.schema());
    List<Path> toCheck = expand(files);
    List<Object> results = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    int bad = 0;
    int problems = 0;
    try (Progress progress =
        Progress.start(spec.commandLine().getErr(), "checking", toCheck.size())) {
      for (Path file : toCheck) {
        List<FileProblem> found = check(validator, file);
        if (!found.isEmpty()) {
          bad++;
          problems += found.size();
        }
        List<Object> items = new ArrayList<>();
        for (FileProblem problem : found) {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("line", problem.line() == null ? null : (long) problem.line());
          item.put("message", problem.message());
          items.add(item);
          lines.add(
              file
                  + (problem.line() == null ? "" : ":" + problem.line())
                  + ": "
                  + problem.message());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("file", file.toString());
        result.put("problems", items);
        results.add(result);
        progress.update(results.size());
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("ok", problems == 0);
    doc.put("filesChecked", (long) toCheck.size());
    doc.put("filesWithProblems", (long) bad);
    doc.put("problems", (long) problems);
    doc.put("files", results);
    String summary =
        problems == 0
            ? plural(toCheck.size(), "file") + " OK"
            : plural(problems, "problem") + " in " + bad + " of " + plural(toCheck.size(), "file");
    output
        .printer(spec.commandLine().getOut())
        .print(
            doc,
            out -> {
              lines.forEach(out::println);
              out.println(summary);
            });
    return problems == 0 ? 0 : 1;
  }

  /** A problem of a file: at a line, or (null) of the file as a whole. */
  private record FileProblem(Integer line, String message) {}

  /** The files to check: each argument once, a directory as its entry files sorted by name. */
  private static List<Path> expand(List<Path> arguments) {
    Set<Path> out = new LinkedHashSet<>();
    for (Path argument : arguments) {
      if (Files.isDirectory(argument)) {
        try (Stream<Path> listing = Files.list(argument)) {
          listing
              .filter(p -> isRegistryFile(p.getFileName().toString()) && Files.isRegularFile(p))
              .sorted()
              .forEach(out::add);
        } catch (IOException e) {
          out.add(argument); // reported as unreadable by check()
        }
      } else {
        out.add(argument);
      }
    }
    return new ArrayList<>(out);
  }

  private static boolean isRegistryFile(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yaml.zst") || name.endsWith(".yaml.gz");
  }

  /** The problems of one file. */
  private static List<FileProblem> check(ConfigValidator validator, Path file) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    String text;
    try {
      text = read(file, name);
    } catch (IOException e) {
      return List.of(new FileProblem(null, e.getMessage()));
    }
    List<Problem> problems;
    if (name.equals(ConfigValidator.INDEX_NAME)) {
      Path dir = file.toAbsolutePath().getParent();
      problems = validator.validateIndex(text, f -> Files.isRegularFile(dir.resolve(f)));
    } else {
      problems = validator.validateEntry(text, name);
    }
    return problems.stream().map(p -> new FileProblem(p.line(), p.message())).toList();
  }

  /** The text of a file, decompressed by its extension; IOException messages are one line. */
  private static String read(Path file, String name) throws IOException {
    byte[] bytes;
    if (Files.isDirectory(file)) {
      throw new IOException("is a directory without .yaml, .yaml.zst or .yaml.gz files");
    }
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new IOException("is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("cannot read the file: no such file", e);
    } catch (AccessDeniedException e) {
      throw new IOException("cannot read the file: permission denied", e);
    } catch (FileSystemException e) {
      throw new IOException("cannot read the file: " + oneLine(e.getReason()), e);
    }
    Compression compression = Compression.ofFileName(name);
    try {
      bytes = compression.decompress(bytes, MAX_FILE_BYTES);
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "cannot decompress (" + compression + "): " + oneLine(e.getMessage()), e);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IOException("is not UTF-8 text", e);
    }
  }

  private static String oneLine(String text) {
    return text == null ? "not in this format" : text.replaceAll("\\s+", " ").strip();
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
