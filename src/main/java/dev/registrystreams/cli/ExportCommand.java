package dev.registrystreams.cli;

import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.cli.files.ConfigValidator;
import dev.registrystreams.client.RegistryReader;
import dev.registrystreams.core.RegistrySchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code export}: every current entry as a YAML file named by its content hash, plus an index. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes every current entry of the registry (the compacted entries topic, read to its end,"
          + " committed records only, no consumer group) as <contentHash>.yaml in DIR, with"
          + " index.yaml listing id, header, grepable, scope, type, title, revision, contentHash"
          + " and file of each entry, sorted by id.",
      "A file holds exactly the entry's config. Running it again into the same DIR rewrites only"
          + " what changed; it never deletes anything, so files of entries that have changed since"
          + " stay until you remove them. 'validate DIR' checks what it wrote.",
      "With --output json or yaml it prints one document instead: topic, dir, scope (null for"
          + " all), compression, recordsRead, entries, filesWritten, filesUnchanged, indexWritten,"
          + " yamlBytes, diskBytes, ratio (yamlBytes/diskBytes, 3 decimals) and"
          + " undecodableRecords (topic-partition@offset of records that are not entries; when"
          + " there are any, the exit code is 1)."
    })
final class ExportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;
  @Mixin RegistryConfigOption registry;
  @Mixin OutputOptions output;

  @Option(
      names = "--dir",
      required = true,
      paramLabel = "DIR",
      description = "Where to write; created when missing.")
  Path dir;

  @Option(
      names = "--compress",
      paramLabel = "FORMAT",
      defaultValue = "none",
      description =
          "${COMPLETION-CANDIDATES}: .yaml, .yaml.gz or .yaml.zst files (the index stays plain"
              + " YAML). Default: ${DEFAULT-VALUE}.")
  Compression compress;

  @Option(
      names = "--scope",
      paramLabel = "SCOPE",
      description = "Only entries of this scope (one of the registry's scopes).")
  @Nullable String scope;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "How long to wait for Kafka and for the end of the topic (60s, 2m; plain seconds too). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Override
  public Integer call() throws IOException {
    ClientConnection connection = ClientConnection.of(kafka, spec);
    checkScopeAndDir(registry.schema());
    PrintWriter err = spec.commandLine().getErr();
    String topic = connection.topics().entries();

    RegistryReader.Snapshot snapshot = readEntries(connection, err);
    List<RegistryEntry> entries = entriesToExport(snapshot);
    ExportWriter.Result result = writeFiles(entries);
    printResult(topic, snapshot, entries.size(), result);
    failOnUndecodable(topic, snapshot);
    return 0;
  }

  /** Refuses a bad --scope or --dir before anything is read from Kafka. */
  private void checkScopeAndDir(RegistrySchema schema) {
    if (scope != null && !schema.header().scopes().contains(scope)) {
      throw new ParameterException(
          spec.commandLine(),
          "--scope "
              + scope
              + " is not one of "
              + String.join(", ", schema.header().scopes())
              + " (case-sensitive)");
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserException(dir + " exists and is not a directory");
    }
  }

  /** Sorted so that the index and the order of writes are the same from one run to the next. */
  private List<RegistryEntry> entriesToExport(RegistryReader.Snapshot snapshot) {
    return snapshot.byKey().values().stream()
        .filter(e -> scope == null || scope.equals(e.getScope()))
        .sorted(
            Comparator.comparing(RegistryEntry::getId).thenComparing(RegistryEntry::getDedupKey))
        .toList();
  }

  private ExportWriter.Result writeFiles(List<RegistryEntry> entries) throws IOException {
    try (ExportWriter writer = new ExportWriter(dir, compress)) {
      for (RegistryEntry entry : entries) {
        writer.add(entry);
      }
      return writer.finish();
    }
  }

  private void printResult(
      String topic, RegistryReader.Snapshot snapshot, int entries, ExportWriter.Result result) {
    long yamlBytes = result.yamlBytes();
    long diskBytes = result.diskBytes();
    int written = (int) result.filesWritten();
    boolean indexWritten = result.indexWritten();

    int unchanged = entries - written;
    double ratio = diskBytes == 0 ? 1.0 : (double) yamlBytes / diskBytes;
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("topic", topic);
    doc.put("dir", dir.toString());
    doc.put("scope", scope);
    doc.put("compression", compress.toString());
    doc.put("recordsRead", snapshot.records());
    doc.put("entries", (long) entries);
    doc.put("filesWritten", (long) written);
    doc.put("filesUnchanged", (long) unchanged);
    doc.put("indexWritten", indexWritten);
    doc.put("yamlBytes", yamlBytes);
    doc.put("diskBytes", diskBytes);
    doc.put("ratio", Printer.round(ratio));
    doc.put("undecodableRecords", List.copyOf(snapshot.undecodable()));
    output
        .printer(spec.commandLine().getOut())
        .print(
            doc,
            out -> {
              out.printf(
                  Locale.ROOT,
                  "Exported %,d entries%s from %s (%,d records read) to %s%n",
                  entries,
                  scope == null ? "" : " of scope " + scope,
                  topic,
                  snapshot.records(),
                  dir);
              out.printf(
                  Locale.ROOT,
                  "  files: %,d written, %,d unchanged; %s %s%n",
                  written,
                  unchanged,
                  ConfigValidator.INDEX_NAME,
                  indexWritten ? "written" : "unchanged");
              out.printf(
                  Locale.ROOT,
                  "  size: %,d bytes of YAML, %,d bytes on disk (%s, ratio %.2f)%n",
                  yamlBytes,
                  diskBytes,
                  compress,
                  ratio);
            });
  }

  /** After the report, so that what was exported is printed even when the exit code is 1. */
  private static void failOnUndecodable(String topic, RegistryReader.Snapshot snapshot) {
    if (!snapshot.undecodable().isEmpty()) {
      throw new UserException(
          snapshot.undecodable().size()
              + " records of "
              + topic
              + " are not RegistryEntry records and were skipped (first: "
              + snapshot.undecodable().get(0)
              + ")");
    }
  }

  private RegistryReader.Snapshot readEntries(ClientConnection connection, PrintWriter err) {
    return connection.call(
        () -> {
          try (Progress.Reading progress = Progress.reading(err);
              RegistryReader reader =
                  new RegistryReader(connection.properties(), connection.topics(), timeout)) {
            return reader.progress(progress).currentEntries();
          }
        });
  }
}
