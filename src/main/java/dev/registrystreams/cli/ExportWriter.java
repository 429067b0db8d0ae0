package dev.registrystreams.cli;

import dev.registrystreams.avro.RegistryEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Writes an export directory: each entry's config, byte for byte, as {@code
 * <contentHash>.yaml[.zst|.gz]}, and {@code index.yaml} (an {@link ExportIndex}) with one row per
 * entry in the order they are added. A file is rewritten only when its bytes change, and appears
 * whole (written beside it, then moved into place). Holds no entry once it is written; not
 * thread-safe.
 */
final class ExportWriter implements AutoCloseable {

  /** What an export wrote. */
  record Result(
      long entries, long filesWritten, long yamlBytes, long diskBytes, boolean indexWritten) {}

  private final Path dir;
  private final Compression compression;
  private final ExportIndex index;
  private long entries;
  private long written;
  private long yamlBytes;
  private long diskBytes;

  /** Starts an export into {@code dir}, which is created when missing. */
  ExportWriter(Path dir, Compression compression) throws IOException {
    this.dir = dir;
    this.compression = compression;
    Files.createDirectories(dir);
    this.index = new ExportIndex(dir);
  }

  /** Writes the entry's file unless it holds these bytes already, and adds its index row. */
  void add(RegistryEntry entry) throws IOException {
    byte[] yaml = entry.getConfig().getBytes(StandardCharsets.UTF_8);
    byte[] data = compression.compress(yaml);
    String file = entry.getContentHash() + compression.extension();
    if (writeIfChanged(dir.resolve(file), data)) {
      written++;
    }
    yamlBytes += yaml.length;
    diskBytes += data.length;
    index.add(entry, file);
    entries++;
  }

  /** Puts the index in place (unless it is unchanged) and says what was written. */
  Result finish() throws IOException {
    boolean indexWritten = index.finish();
    return new Result(entries, written, yamlBytes, diskBytes, indexWritten);
  }

  /** Removes the unfinished index of an export that failed. */
  @Override
  public void close() {
    index.close();
  }

  /** Writes {@code data} to {@code file} unless it already holds exactly these bytes. */
  private static boolean writeIfChanged(Path file, byte[] data) throws IOException {
    if (Files.isRegularFile(file)
        && Files.size(file) == data.length
        && Arrays.equals(Files.readAllBytes(file), data)) {
      return false;
    }
    Path temp = Files.createTempFile(file.getParent(), ".export-", ".tmp");
    try {
      Files.write(temp, data);
      moveIntoPlace(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
    return true;
  }

  /** Moves {@code temp} over {@code file}, atomically where the file system can. */
  static void moveIntoPlace(Path temp, Path file) throws IOException {
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
