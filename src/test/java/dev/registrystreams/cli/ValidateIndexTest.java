package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.RegistryEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate on indexes: counted row by row, and hostile ones refused in one line. */
class ValidateIndexTest {

  private static final String NL = System.lineSeparator();

  /** An export of three entries, by export's own writer. */
  private static List<RegistryEntry> export(Path dir) throws IOException {
    List<RegistryEntry> entries = new java.util.ArrayList<>();
    try (ExportWriter writer = new ExportWriter(dir, Compression.gzip)) {
      for (RegistryEntry e : new RegistryEntries(3)) {
        writer.add(e);
        entries.add(e);
      }
      writer.finish();
    }
    return entries;
  }

  @Test
  void theCountLineSaysHowManyIndexEntriesWereChecked(@TempDir Path dir) throws IOException {
    export(dir);

    CliRun run = CliRun.of("validate", dir.toString(), dir.resolve("index.yaml").toString());
    CliRun json = CliRun.of("validate", "-o", "json", dir.toString());

    assertThat(run.out()).isEqualTo("4 files OK (3 entries in 1 index)" + NL);
    assertThat(run.exitCode()).isZero();
    Map<String, Object> doc = Documents.parse("json", json.out());
    assertThat(doc).containsEntry("ok", true).containsEntry("indexEntries", 3L);
    assertThat((List<?>) doc.get("files")).hasSize(4);
  }

  @Test
  void anAliasBombInAnIndexIsRefusedInOneLine(@TempDir Path dir) throws IOException {
    StringBuilder bomb = new StringBuilder("entries:\n- a: &a [lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      bomb.append("  ").append(c).append(": &").append(c).append(" [");
      bomb.append(String.join(", ", Collections.nCopies(9, "*" + (char) (c - 1))));
      bomb.append("]\n");
    }
    Path index = dir.resolve("index.yaml");
    Files.writeString(index, bomb);

    CliRun run = CliRun.of("validate", index.toString()).hasNoStackTrace();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEmpty();
    assertThat(run.outLines()).hasSize(2);
    assertThat(run.outLines().get(0))
        .startsWith(index + ":")
        .contains(": invalid YAML: ")
        .contains("aliases");
    assertThat(run.outLines().get(1)).isEqualTo("1 problem in 1 of 1 file (0 entries in 1 index)");
  }

  @Test
  void anIndexNestedTooDeepIsRefusedInOneLineWithoutOverflowingTheStack(@TempDir Path dir)
      throws IOException {
    List<RegistryEntry> entries = export(dir);
    Path index = dir.resolve("index.yaml");
    // A valid row first: it is checked before the reader reaches the hostile one.
    String valid = Files.readString(index);
    String deep = "- " + "[".repeat(200_000) + "]".repeat(200_000) + "\n";
    Files.writeString(index, valid + deep);
    int line = (int) valid.lines().count() + 1;

    CliRun run = CliRun.of("validate", index.toString()).hasNoStackTrace();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(
            index
                + ":"
                + line
                + ": invalid YAML: nested deeper than 64 levels (line "
                + line
                + ", column 65)"
                + NL
                + "1 problem in 1 of 1 file ("
                + entries.size()
                + " entries in 1 index)"
                + NL);
  }

  @Test
  void anEndlessValueInAnIndexIsRefusedWithoutReadingItWhole(@TempDir Path dir) throws IOException {
    Path index = dir.resolve("index.yaml");
    Files.writeString(index, "entries:\n- title: '" + "x".repeat(64 * 1024 * 1024) + "'\n");

    CliRun run = CliRun.of("validate", index.toString()).hasNoStackTrace();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(
            index
                + ":2: invalid YAML: a value or list item longer than 1048576 characters (line 2)"
                + NL
                + "1 problem in 1 of 1 file (0 entries in 1 index)"
                + NL);
  }

  @Test
  void anIndexThatIsNotUtf8IsAProblemOfTheFile(@TempDir Path dir) throws IOException {
    Path index = dir.resolve("index.yaml");
    Files.write(index, new byte[] {'e', 'n', 't', 'r', 'i', 'e', 's', ':', ' ', (byte) 0xff});

    CliRun run = CliRun.of("validate", index.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(index + ": is not UTF-8 text" + NL + "1 problem in 1 of 1 file" + NL);
  }
}
