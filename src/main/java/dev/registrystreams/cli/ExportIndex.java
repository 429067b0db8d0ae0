package dev.registrystreams.cli;

import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.cli.files.ConfigValidator;
import dev.registrystreams.core.yaml.YamlCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an export's {@code index.yaml} row by row, as the entries arrive, into a file beside it:
 * its size is not bounded by memory. The bytes are exactly those of {@code
 * YamlCodec.dump(Map.of("entries", rows))}, the form export has always written, and the file is
 * replaced only when they differ from the index already there. Not thread-safe.
 */
final class ExportIndex implements AutoCloseable {

  private static final int BATCH = 512;

  private final Path target;
  private final Path temp;
  private final Writer out;
  // Rows not written yet: at most BATCH, so memory does not grow with the index.
  private final List<Map<String, Object>> pending = new ArrayList<>(BATCH);
  private long rows;
  private boolean done;

  /** Starts the index of {@code dir}, which must exist. */
  ExportIndex(Path dir) throws IOException {
    this.target = dir.resolve(ConfigValidator.INDEX_NAME);
    this.temp = Files.createTempFile(dir, ".export-index-", ".tmp");
    // Unpaired surrogates become '?', as String.getBytes has always written them.
    this.out =
        new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8), 64 * 1024);
  }

  /** Adds the row of {@code entry}, whose file is {@code file}; rows keep the order added. */
  void add(RegistryEntry entry, String file) throws IOException {
    pending.add(row(entry, file));
    if (pending.size() == BATCH) {
      flush();
    }
  }

  /** Writes the pending rows in order; their YAML is made on every core, a row costs ~30 us. */
  private void flush() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    if (rows == 0) {
      out.write("entries:\n");
    }
    for (String text : pending.parallelStream().map(YamlCodec::dumpListItem).toList()) {
      out.write(text);
    }
    rows += pending.size();
    pending.clear();
  }

  /** Puts the index in place unless the one there has the same bytes; true when it wrote it. */
  boolean finish() throws IOException {
    flush();
    if (rows == 0) {
      out.write("entries: []\n");
    }
    out.close();
    done = true;
    if (Files.isRegularFile(target) && Files.mismatch(temp, target) < 0) {
      Files.delete(temp);
      return false;
    }
    ExportWriter.moveIntoPlace(temp, target);
    return true;
  }

  /** Removes the unfinished index of an export that failed; a finished one stays. */
  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      out.close();
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An entry's row: the keys validate expects, in the documented order. */
  static Map<String, Object> row(RegistryEntry entry, String file) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", entry.getId());
    row.put("header", entry.getHeader());
    row.put("grepable", entry.getGrepable());
    row.put("scope", entry.getScope());
    row.put("type", entry.getType());
    row.put("title", entry.getTitle());
    row.put("revision", (long) entry.getRevision());
    row.put("contentHash", entry.getContentHash());
    row.put("file", file);
    return row;
  }
}
