package dev.registrystreams.cli;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.cli.files.DotEnv;
import dev.registrystreams.cli.files.Interpolation;
import dev.registrystreams.client.ConfigHistory;
import dev.registrystreams.client.EntryLookup;
import dev.registrystreams.client.RegistryReader;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryDocument;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.diff.ChangeOp;
import dev.registrystreams.core.diff.ConfigDiff;
import dev.registrystreams.core.diff.PathChange;
import dev.registrystreams.core.text.UserText;
import dev.registrystreams.core.yaml.YamlCodec;
import dev.registrystreams.topology.ContextValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code config put|get|history|diff}: dashboard configurations kept in the registry as
 * DASHBOARD/CONFIG entries, one per name, with their whole history.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Dashboard configurations in the registry: any YAML file becomes the context of the"
          + " DASHBOARD/CONFIG entry titled NAME, and every change is a new revision.",
      "get, history and diff read the registry (the entries and config-changes topics), not"
          + " local files."
    },
    subcommands = {
      ConfigCommand.Put.class,
      ConfigCommand.Get.class,
      ConfigCommand.History.class,
      ConfigCommand.Diff.class
    })
final class ConfigCommand implements Callable<Integer> {

  static final String SCOPE = "DASHBOARD";
  static final String TYPE = "CONFIG";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }

  /** The dedup key and entry id of the config called {@code name}. */
  record Identity(String name, String dedupKey, String entryId) {
    static Identity of(String name) {
      DedupKey key = DedupKey.of(SCOPE, TYPE, name);
      return new Identity(name, key.hex(), EntryId.derive(SCOPE, TYPE, key));
    }
  }

  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Stores a YAML file as the config NAME: it becomes the context of the DASHBOARD/CONFIG"
            + " entry titled NAME and goes through the normal pipeline (validation, secret"
            + " masking, revisions and diffs). Prints the outcome like generate.",
        "With --interpolate, ${VAR} and ${VAR:-default} in string values are replaced from the"
            + " environment and --env-file (the environment wins); $$ is a literal $. An unset"
            + " variable without a default is an error and nothing is sent.",
        "Exit codes: 0 stored (CREATED, UPDATED or UNCHANGED), 2 rejected or a command-line"
            + " mistake, 1 no answer or another failure."
      })
  static final class Put implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The configuration (YAML map).")
    Path file;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Config name.")
    String name;

    @Option(names = "--interpolate", description = "Replace ${VAR} and ${VAR:-default}.")
    boolean interpolate;

    @Option(
        names = "--env-file",
        paramLabel = "FILE",
        description =
            "NAME=value lines (a .env file) for --interpolate; the environment wins over it.")
    @Nullable Path envFile;

    @Mixin RoundTripOptions roundTrip;

    @Mixin KafkaOptions kafka;
    @Mixin OutputOptions output;

    /** Where variables come from besides --env-file. */
    Function<String, @Nullable String> environment = System::getenv;

    @Override
    public Integer call() {
      if (envFile != null && !interpolate) {
        throw new ParameterException(spec.commandLine(), "--env-file needs --interpolate");
      }
      ClientConnection connection = ClientConnection.of(kafka, spec);
      Map<String, Object> tree = ContextInput.readYamlFile(file, null);
      if (interpolate) {
        Map<String, String> fromFile = envFile == null ? Map.of() : readEnvFile(envFile);
        Function<String, @Nullable String> variables =
            variable -> {
              String value = environment.apply(variable);
              return value != null ? value : fromFile.get(variable);
            };
        try {
          tree = Interpolation.apply(tree, variables);
        } catch (Interpolation.InterpolationException e) {
          throw new UserException(file + ": " + e.getMessage(), 2);
        }
      }
      GenerationRequest request =
          GenerationRequest.newBuilder()
              .setRequestId(roundTrip.requestId())
              .setTitle(name)
              .setScope(SCOPE)
              .setType(TYPE)
              .setContext(ContextValues.toAvro(tree))
              .build();
      return Replies.requestAndPrint(
          connection,
          EntryLookup.NONE,
          request,
          roundTrip.timeout,
          output.printer(spec.commandLine().getOut()));
    }

    private static Map<String, String> readEnvFile(Path envFile) {
      String text = InputFiles.read(envFile, "--env-file");
      try {
        return DotEnv.parse(text);
      } catch (DotEnv.DotEnvException e) {
        throw new UserException(envFile + ", " + e.getMessage(), 2);
      }
    }
  }

  /** Options and lookups that get, history and diff share. */
  abstract static class Reading {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Config name.")
    String name;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        defaultValue = "30s",
        converter = DurationConverter.class,
        description = "How long reading may take. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Mixin KafkaOptions kafka;
    @Mixin OutputOptions output;

    Printer printer() {
      return output.printer(spec.commandLine().getOut());
    }

    /** A reader whose reads {@code progress} shows. */
    private RegistryReader reader(ClientConnection connection, Progress.Reading progress) {
      return new RegistryReader(connection.properties(), connection.topics(), timeout)
          .progress(progress);
    }

    private Progress.Reading progress() {
      return Progress.reading(spec.commandLine().getErr());
    }

    /** The current entry of the config, from the compacted entries topic. */
    Optional<RegistryEntry> latest(ClientConnection connection, Identity id) {
      return connection.call(
          () -> {
            try (Progress.Reading progress = progress();
                RegistryReader reader = reader(connection, progress)) {
              return reader.latestEntry(id.dedupKey());
            }
          });
    }

    /** Every revision of the config, from the config-changes topic; unknown name: exit 1. */
    ConfigHistory history(ClientConnection connection, Identity id) {
      ConfigHistory history =
          connection.call(
              () -> {
                try (Progress.Reading progress = progress();
                    RegistryReader reader = reader(connection, progress)) {
                  return ConfigHistory.fold(reader.changes(id.entryId(), id.dedupKey()));
                } catch (ConfigHistory.HistoryException e) {
                  throw new UserException(e.getMessage());
                }
              });
      if (history.isEmpty()) {
        throw unknown(connection, id);
      }
      return history;
    }

    UserException unknown(ClientConnection connection, Identity id) {
      return new UserException(
          "no config named "
              + UserText.quote(id.name())
              + " in the registry at "
              + connection.bootstrapServers());
    }

    ConfigHistory.Revision find(ConfigHistory history, Identity id, String revisionOrHash) {
      try {
        return history.find(revisionOrHash);
      } catch (IllegalArgumentException e) {
        throw new UserException("config " + UserText.quote(id.name()) + ": " + e.getMessage());
      }
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Prints the config NAME: its current entry from the entries topic, or with --revision an"
            + " earlier revision rebuilt from the config-changes topic.",
        "Exit codes: 0 found, 1 unknown name or revision (or another failure), 2 a command-line"
            + " mistake."
      })
  static final class Get extends Reading implements Callable<Integer> {

    @Option(
        names = "--revision",
        paramLabel = "REV|HASH",
        description = "A revision number, or a content hash (or a prefix of 7+ characters).")
    @Nullable String revision;

    @Override
    public Integer call() {
      ClientConnection connection = ClientConnection.of(kafka, spec);
      Identity id = Identity.of(name);
      if (revision == null) {
        RegistryEntry entry = latest(connection, id).orElseThrow(() -> unknown(connection, id));
        print(
            id,
            entry.getRevision(),
            entry.getContentHash(),
            entry.getHeader(),
            EntryDocument.isoMillis(entry.getUpdatedAt().toEpochMilli()),
            entry.getConfig());
        return 0;
      }
      ConfigHistory history = history(connection, id);
      ConfigHistory.Revision found = find(history, id, revision);
      print(
          id,
          found.revision(),
          found.contentHash(),
          found.header(),
          EntryDocument.isoMillis(found.changedAt().toEpochMilli()),
          YamlCodec.dump(history.fullConfig(found)));
      return 0;
    }

    private void print(
        Identity id, int revision, String hash, String header, String updatedAt, String config) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("name", id.name());
      doc.put("id", id.entryId());
      doc.put("revision", (long) revision);
      doc.put("contentHash", hash);
      doc.put("header", header);
      doc.put("updatedAt", updatedAt);
      doc.put("config", YamlCodec.load(config));
      printer()
          .print(
              doc,
              out -> {
                Table.fields(
                    out,
                    "name",
                    id.name(),
                    "id",
                    id.entryId(),
                    "revision",
                    revision,
                    "content hash",
                    hash,
                    "header",
                    header,
                    "updated at",
                    updatedAt);
                out.println("config:");
                config.lines().forEach(line -> out.println("  " + line));
              });
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Lists every revision of the config NAME from the config-changes topic: when, its content"
            + " hash, how many leaves it added, updated and deleted, and the request behind it.",
        "Exit codes: 0 found, 1 unknown name (or another failure), 2 a command-line mistake."
      })
  static final class History extends Reading implements Callable<Integer> {

    @Override
    public Integer call() {
      ClientConnection connection = ClientConnection.of(kafka, spec);
      Identity id = Identity.of(name);
      ConfigHistory history = history(connection, id);
      List<Object> revisions = new ArrayList<>();
      Table table =
          new Table(
              "REVISION",
              "CHANGED AT",
              "CONTENT HASH",
              "ADDED",
              "UPDATED",
              "DELETED",
              "REQUEST ID");
      for (ConfigHistory.Revision r : history.revisions()) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("revision", (long) r.revision());
        item.put("changedAt", EntryDocument.isoMillis(r.changedAt().toEpochMilli()));
        item.put("contentHash", r.contentHash());
        item.put("added", r.count(ChangeOp.ADD));
        item.put("updated", r.count(ChangeOp.UPDATE));
        item.put("deleted", r.count(ChangeOp.DELETE));
        item.put("requestId", r.requestId());
        item.put("header", r.header());
        revisions.add(item);
        table.row(
            r.revision(),
            item.get("changedAt"),
            r.contentHash().substring(0, 12),
            r.count(ChangeOp.ADD),
            r.count(ChangeOp.UPDATE),
            r.count(ChangeOp.DELETE),
            r.requestId());
      }
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("name", id.name());
      doc.put("id", id.entryId());
      doc.put("revisions", revisions);
      printer().print(doc, table::print);
      return 0;
    }
  }

  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Prints the leaf-level changes between two revisions of the config NAME (paths as in"
            + " config-change events; values in YAML flow style, secrets masked).",
        "Exit codes: 0 (whether or not they differ), 1 unknown name or revision, 2 a command-line"
            + " mistake."
      })
  static final class Diff extends Reading implements Callable<Integer> {

    @Option(
        names = "--from",
        required = true,
        paramLabel = "REV|HASH",
        description = "A revision number, or a content hash (or a prefix of 7+ characters).")
    String from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "REV|HASH",
        description = "A revision number, or a content hash (or a prefix of 7+ characters).")
    String to;

    @Override
    public Integer call() {
      ClientConnection connection = ClientConnection.of(kafka, spec);
      Identity id = Identity.of(name);
      ConfigHistory history = history(connection, id);
      ConfigHistory.Revision a = find(history, id, from);
      ConfigHistory.Revision b = find(history, id, to);
      List<PathChange> changes = ConfigDiff.diff(a.content(), b.content());
      List<Object> items = new ArrayList<>();
      Table table = new Table("OP", "PATH", "OLD", "NEW");
      for (PathChange change : changes) {
        items.add(
            Printer.pathChange(change.op(), change.path(), change.oldValue(), change.newValue()));
        table.row(change.op(), change.path(), change.oldValue(), change.newValue());
      }
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("name", id.name());
      doc.put("id", id.entryId());
      doc.put("from", side(a));
      doc.put("to", side(b));
      doc.put("changes", items);
      printer()
          .print(
              doc,
              out -> {
                out.printf(
                    "%s: revision %d (%s) -> revision %d (%s): %d change%s%n",
                    id.name(),
                    a.revision(),
                    a.contentHash().substring(0, 12),
                    b.revision(),
                    b.contentHash().substring(0, 12),
                    changes.size(),
                    changes.size() == 1 ? "" : "s");
                if (!changes.isEmpty()) {
                  table.print(out);
                }
              });
      return 0;
    }

    private static Map<String, Object> side(ConfigHistory.Revision revision) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("revision", (long) revision.revision());
      out.put("contentHash", revision.contentHash());
      return out;
    }
  }
}
