package dev.registrystreams.cli;

import dev.registrystreams.avro.RegistryEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the directory export writes for a registry of N distinct entries (default 1,000,000), with
 * export's own writer and entries made by the application's Resolver, so that {@code validate} can
 * be timed on it from the command line. A benchmark helper, not a test: run it by hand (see
 * docs/BENCHMARKS.md).
 */
public final class ExportDirectoryBenchmark {

  private ExportDirectoryBenchmark() {}

  /** {@code DIR [N [none|gzip|zstd]]}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: ExportDirectoryBenchmark DIR [N [none|gzip|zstd]]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Compression compression = args.length > 2 ? Compression.valueOf(args[2]) : Compression.none;
    long started = System.nanoTime();
    ExportWriter.Result result;
    try (ExportWriter writer = new ExportWriter(dir, compression)) {
      for (RegistryEntry e : new RegistryEntries(count)) {
        writer.add(e);
      }
      result = writer.finish();
    }
    System.out.printf(
        Locale.ROOT,
        "%,d entries to %s (%s): %,d files written, %,d bytes of YAML, %,d on disk, %.0f s%n",
        result.entries(),
        dir,
        compression,
        result.filesWritten(),
        result.yamlBytes(),
        result.diskBytes(),
        (System.nanoTime() - started) / 1e9);
  }
}
