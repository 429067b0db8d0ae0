package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.yaml.YamlCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What export's writer puts in a directory, without a broker. */
class ExportWriterTest {

  private static List<RegistryEntry> entries(int count) {
    List<RegistryEntry> out = new ArrayList<>();
    new RegistryEntries(count).forEach(out::add);
    return out;
  }

  @Test
  void theIndexWrittenRowByRowIsTheDumpOfAllRowsAtOnce(@TempDir Path dir) throws IOException {
    // More rows than the writer makes at once, so that its batches meet in the middle.
    List<RegistryEntry> entries = new ArrayList<>(entries(1_100));
    // Values the emitter quotes, escapes or writes as a block, and an unpaired surrogate.
    String[] titles = {
      "it's: a \"title\" #1", "ünïcödé – ✓", "two\nlines", "true", "0777", "- dash", "\uD800 lone"
    };
    for (int i = 0; i < titles.length; i++) {
      entries.get(i * 20).setTitle(titles[i]);
    }

    try (ExportWriter writer = new ExportWriter(dir, Compression.zstd)) {
      for (RegistryEntry e : entries) {
        writer.add(e);
      }
      writer.finish();
    }

    List<Object> rows = new ArrayList<>();
    entries.forEach(e -> rows.add(ExportIndex.row(e, e.getContentHash() + ".yaml.zst")));
    byte[] whole = YamlCodec.dump(Map.of("entries", rows)).getBytes(StandardCharsets.UTF_8);
    assertThat(Files.readAllBytes(dir.resolve("index.yaml"))).isEqualTo(whole);
    assertThat(names(dir))
        .hasSize(1_101)
        .allMatch(n -> n.equals("index.yaml") || n.endsWith(".zst"));
  }

  @Test
  void anEmptyExportHasAnEmptyIndex(@TempDir Path dir) throws IOException {
    ExportWriter.Result result;
    try (ExportWriter writer = new ExportWriter(dir, Compression.none)) {
      result = writer.finish();
    }

    assertThat(result).isEqualTo(new ExportWriter.Result(0, 0, 0, 0, true));
    assertThat(Files.readString(dir.resolve("index.yaml")))
        .isEqualTo(YamlCodec.dump(Map.of("entries", List.of())))
        .isEqualTo("entries: []\n");
  }

  @Test
  void aSecondRunWithTheSameEntriesWritesNothingAndLeavesNoTemporaryFile(@TempDir Path dir)
      throws IOException {
    List<RegistryEntry> entries = entries(50);
    long yamlBytes =
        entries.stream()
            .mapToLong(e -> e.getConfig().getBytes(StandardCharsets.UTF_8).length)
            .sum();

    ExportWriter.Result first = export(dir, entries);
    ExportWriter.Result again = export(dir, entries);
    ExportWriter.Result fewer = export(dir, entries.subList(1, 50));

    assertThat(first).isEqualTo(new ExportWriter.Result(50, 50, yamlBytes, yamlBytes, true));
    assertThat(again).isEqualTo(new ExportWriter.Result(50, 0, yamlBytes, yamlBytes, false));
    assertThat(fewer.filesWritten()).isZero();
    assertThat(fewer.indexWritten()).isTrue();
    assertThat(names(dir)).hasSize(51).noneMatch(n -> n.endsWith(".tmp"));
  }

  @Test
  void anExportThatFailsLeavesNoUnfinishedIndex(@TempDir Path dir) throws IOException {
    try (ExportWriter writer = new ExportWriter(dir, Compression.none)) {
      writer.add(entries(1).get(0));
    }

    assertThat(names(dir)).hasSize(1).noneMatch(n -> n.endsWith(".tmp") || n.equals("index.yaml"));
  }

  private static ExportWriter.Result export(Path dir, List<RegistryEntry> entries)
      throws IOException {
    try (ExportWriter writer = new ExportWriter(dir, Compression.none)) {
      for (RegistryEntry e : entries) {
        writer.add(e);
      }
      return writer.finish();
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
