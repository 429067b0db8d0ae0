package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.yaml.YamlCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What export writes for large registries, validate reads: written by export's own writer
 * (ExportWriter, ExportIndex) from entries the application's Resolver makes, without a broker;
 * ExportValidateIT does the same round trip through a running application and the command line.
 */
class ExportScaleTest {

  private static final String NL = System.lineSeparator();

  /**
   * Past where validate used to refuse the index export wrote (about 10,000 entries, a document of
   * more than 4 Mi code points): every entry file and every index row is checked.
   */
  @Test
  void anExportOfTwelveThousandEntriesValidatesFileByFileAndRowByRow(@TempDir Path dir)
      throws IOException {
    try (ExportWriter writer = new ExportWriter(dir, Compression.zstd)) {
      for (RegistryEntry e : new RegistryEntries(12_000)) {
        writer.add(e);
      }
      assertThat(writer.finish().filesWritten()).isEqualTo(12_000);
    }
    assertThat(Files.size(dir.resolve("index.yaml"))).isGreaterThan(YamlCodec.MAX_CODE_POINTS);

    CliRun run = CliRun.of("validate", dir.toString());

    assertThat(run.out()).isEqualTo("12001 files OK (12000 entries in 1 index)" + NL);
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
  }

  /**
   * An index of a million entries, about 420 MB, read row by row: each row is the one export writes
   * for its entry, and every row is checked. The rows share one entry file, made and written by
   * export's writer too: writing a million files is what takes minutes here, not reading the index
   * (docs/BENCHMARKS.md has the run with a million files).
   */
  @Test
  void anIndexOfAMillionEntriesValidatesRowByRow(@TempDir Path dir) throws IOException {
    RegistryEntries registry = new RegistryEntries(1_000_000);
    RegistryEntry shared = registry.entry(0);
    try (ExportWriter writer = new ExportWriter(dir, Compression.none)) {
      writer.add(shared);
      writer.finish();
    }
    try (ExportIndex index = new ExportIndex(dir)) {
      for (RegistryEntry e : registry.sharing(shared)) {
        index.add(e, shared.getContentHash() + ".yaml");
      }
      assertThat(index.finish()).isTrue();
    }
    assertThat(Files.size(dir.resolve("index.yaml")))
        .isGreaterThan(100L * YamlCodec.MAX_CODE_POINTS);

    CliRun run = CliRun.of("validate", dir.toString());

    assertThat(run.out()).isEqualTo("2 files OK (1000000 entries in 1 index)" + NL);
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
  }
}
