package dev.registrystreams.cli;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How export writes entry files, and how validate reads them back: by file name extension. */
enum Compression {
  none(".yaml"),
  gzip(".yaml.gz"),
  zstd(".yaml.zst");

  /** zstd's default level: a good ratio at high speed. */
  static final int ZSTD_LEVEL = 3;

  private final String extension;

  Compression(String extension) {
    this.extension = extension;
  }

  String extension() {
    return extension;
  }

  /** The compression a file name implies; plain YAML for anything but .gz and .zst. */
  static Compression ofFileName(String name) {
    if (name.endsWith(".gz")) {
      return gzip;
    }
    if (name.endsWith(".zst")) {
      return zstd;
    }
    return none;
  }

  /** Deterministic: the same bytes in give the same bytes out (gzip has no time stamp). */
  byte[] compress(byte[] data) {
    return switch (this) {
      case none -> data;
      case zstd -> Zstd.compress(data, ZSTD_LEVEL);
      case gzip -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
          gz.write(data);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        yield out.toByteArray();
      }
    };
  }

  /**
   * Decompresses at most {@code limit} bytes.
   *
   * @throws IOException when the data is not in this format or is larger than {@code limit}
   */
  byte[] decompress(byte[] data, int limit) throws IOException {
    if (this == none) {
      return data;
    }
    try (InputStream in =
        this == gzip
            ? new GZIPInputStream(new ByteArrayInputStream(data))
            : new ZstdInputStream(new ByteArrayInputStream(data))) {
      byte[] out = in.readNBytes(limit + 1);
      if (out.length > limit) {
        throw new IOException("larger than " + limit / (1024 * 1024) + " MiB once decompressed");
      }
      return out;
    }
  }
}
