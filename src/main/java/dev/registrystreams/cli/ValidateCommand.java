package dev.registrystreams.cli;

import dev.registrystreams.cli.files.ConfigValidator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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
          + " its other keys are checked when present. Their structure is the published JSON"
          + " Schema schemas/entry-config.schema.json (the jar holds the same file).",
      "An index.yaml is read row by row, so it has no size limit (each row may be up to 1 Mi"
          + " characters); the count line says how many index entries were checked.",
      "With --output json or yaml it prints one document instead: ok (true when no file has a"
          + " problem), filesChecked, filesWithProblems, problems (the count), indexEntries (rows"
          + " of the indexes checked), and files: one item per file checked, in the same order,"
          + " with file and problems (each line, null when the file cannot be read, and"
          + " message).",
      "Exit status: 0 when every file is clean, 1 when there is any problem, 2 for a command line"
          + " that cannot be used."
    })
final class ValidateCommand implements Callable<Integer> {

  /** Largest entry file read, before and after decompression; an index is read as a stream. */
  static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

  /** Entry files checked together, in parallel; their problems wait until the batch is done. */
  private static final int BATCH = 256;

  @Spec CommandSpec spec;
  @Mixin RegistryConfigOption registry;
  @Mixin OutputOptions output;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files or directories to check.")
  List<Path> files;

  @Override
  public Integer call() {
    ConfigValidator validator = new ConfigValidator(registry.schema());
    ValidateFiles toCheck = ValidateFiles.of(files);
    PrintWriter out = spec.commandLine().getOut();
    boolean table = output.format == OutputOptions.Format.table;
    Tally tally = new Tally(toCheck, table ? out : null);
    try (Progress progress =
        Progress.start(spec.commandLine().getErr(), "checking", toCheck.size())) {
      List<Integer> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < toCheck.size(); i++) {
        Path file = toCheck.get(i);
        if (isIndex(file)) {
          checkBatch(validator, toCheck, batch, tally);
          checkIndex(validator, i, file, tally);
          progress.update(i + 1);
        } else {
          batch.add(i);
          if (batch.size() == BATCH) {
            checkBatch(validator, toCheck, batch, tally);
            progress.update(i + 1);
          }
        }
      }
      checkBatch(validator, toCheck, batch, tally);
      progress.update(toCheck.size());
    }
    if (table) {
      out.println(tally.summary());
      out.flush();
    } else {
      output.printer(out).print(tally.document(), ignored -> {});
    }
    return tally.problems == 0 ? 0 : 1;
  }

  /** A problem of a file: at a line, or (null) of the file as a whole. */
  /** A problem of a file: its line, null for the whole file. */
  record FileProblem(@Nullable Integer line, String message) {}

  /**
   * The counts so far, and the problems: printed at once for the table, kept by file for a document
   * (a clean file costs nothing either way).
   */
  private static final class Tally {
    private final List<Path> files;
    // Null for a document, which keeps the problems until the end.
    private final @Nullable PrintWriter table;
    private final Map<Integer, List<FileProblem>> kept = new HashMap<>();
    private int bad;
    private long problems;
    private long indexes;
    private long indexEntries;

    Tally(List<Path> files, @Nullable PrintWriter table) {
      this.files = files;
      this.table = table;
    }

    /**
     * Problem {@code problem} of file {@code i}; the first of a file makes it one with problems.
     */
    void add(int i, FileProblem problem, boolean first) {
      if (first) {
        bad++;
      }
      problems++;
      if (table != null) {
        table.println(
            files.get(i)
                + (problem.line() == null ? "" : ":" + problem.line())
                + ": "
                + problem.message());
      } else {
        kept.computeIfAbsent(i, k -> new ArrayList<>()).add(problem);
      }
    }

    void index(long entries) {
      indexes++;
      indexEntries += entries;
    }

    String summary() {
      int n = files.size();
      String counts =
          problems == 0
              ? plural(n, "file") + " OK"
              : plural(problems, "problem") + " in " + bad + " of " + plural(n, "file");
      return indexes == 0
          ? counts
          : counts
              + " ("
              + plural(indexEntries, "entry", "entries")
              + " in "
              + plural(indexes, "index", "indexes")
              + ")";
    }

    Map<String, Object> document() {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("ok", problems == 0);
      doc.put("filesChecked", (long) files.size());
      doc.put("filesWithProblems", (long) bad);
      doc.put("problems", problems);
      doc.put("indexEntries", indexEntries);
      // Made item by item as the printer walks it: no map per file held at once.
      doc.put(
          "files",
          new AbstractList<Object>() {
            @Override
            public Object get(int i) {
              List<Object> items = new ArrayList<>();
              for (FileProblem problem : kept.getOrDefault(i, List.of())) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("line", problem.line() == null ? null : (long) problem.line());
                item.put("message", problem.message());
                items.add(item);
              }
              Map<String, Object> result = new LinkedHashMap<>();
              result.put("file", files.get(i).toString());
              result.put("problems", items);
              return result;
            }

            @Override
            public int size() {
              return files.size();
            }
          });
      return doc;
    }
  }

  private static boolean isIndex(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().equals(ConfigValidator.INDEX_NAME);
  }

  /** Checks entry files {@code batch} side by side, then reports them in order; empties it. */
  private static void checkBatch(
      ConfigValidator validator, List<Path> files, List<Integer> batch, Tally tally) {
    List<List<FileProblem>> found =
        batch.parallelStream().map(i -> checkEntry(validator, files.get(i))).toList();
    for (int k = 0; k < batch.size(); k++) {
      List<FileProblem> problems = found.get(k);
      for (int p = 0; p < problems.size(); p++) {
        tally.add(batch.get(k), problems.get(p), p == 0);
      }
    }
    batch.clear();
  }

  /** The problems of one entry file. */
  private static List<FileProblem> checkEntry(ConfigValidator validator, Path file) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    String text;
    try {
      text = read(file, name);
    } catch (IOException e) {
      // read's messages say what is wrong with the file.
      return List.of(
          new FileProblem(
              null, Objects.requireNonNullElse(e.getMessage(), "cannot read the file")));
    }
    return validator.validateEntry(text, name).stream()
        .map(p -> new FileProblem(p.line(), p.message()))
        .toList();
  }

  /**
   * Checks an index as it is read: it has no size limit, and its problems are reported as they are
   * found.
   */
  private static void checkIndex(ConfigValidator validator, int i, Path file, Tally tally) {
    // An index is a file named index.yaml: its absolute path has a parent.
    Path dir = Objects.requireNonNull(file.toAbsolutePath().getParent(), "no directory");
    boolean[] first = {true};
    try (Reader reader = openText(file)) {
      long entries =
          validator.validateIndex(
              reader,
              f -> Files.isRegularFile(dir.resolve(f)),
              p -> {
                tally.add(i, new FileProblem(p.line(), p.message()), first[0]);
                first[0] = false;
              });
      tally.index(entries);
    } catch (IOException | UncheckedIOException e) {
      // An UncheckedIOException always has its cause.
      IOException cause =
          e instanceof UncheckedIOException u
              ? Objects.requireNonNull(u.getCause())
              : (IOException) e;
      tally.add(i, new FileProblem(null, readProblem(cause)), first[0]);
    }
  }

  /** A file as strict UTF-8 text, read as it is used. */
  private static Reader openText(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("is a directory without .yaml, .yaml.zst or .yaml.gz files");
    }
    try {
      InputStream in = Files.newInputStream(file);
      return new BufferedReader(
          new InputStreamReader(
              in,
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT)),
          64 * 1024);
    } catch (NoSuchFileException e) {
      throw new IOException("cannot read the file: no such file", e);
    } catch (AccessDeniedException e) {
      throw new IOException("cannot read the file: permission denied", e);
    } catch (FileSystemException e) {
      throw new IOException("cannot read the file: " + oneLine(e.getReason()), e);
    }
  }

  /** The one-line problem of a file that failed while being read. */
  private static String readProblem(IOException e) {
    if (e instanceof CharacterCodingException) {
      return "is not UTF-8 text";
    }
    if (e.getMessage() != null
        && (e.getMessage().startsWith("cannot read the file")
            || e.getMessage().startsWith("is a directory"))) {
      return e.getMessage();
    }
    return "cannot read the file: " + oneLine(e.getMessage());
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

  private static String oneLine(@Nullable String text) {
    return text == null ? "not in this format" : text.replaceAll("\\s+", " ").strip();
  }

  private static String plural(long n, String noun) {
    return plural(n, noun, noun + "s");
  }

  private static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
