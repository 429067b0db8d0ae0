package dev.registrystreams.cli;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.client.EntryLookup;
import dev.registrystreams.client.RedisEntryLookup;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.topology.ContextValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate}: one request, its answer. */
@Command(
    name = "generate",
    sortOptions = false,
    description = {
      "Sends one generation request to a running registry-streams and prints its answer: the"
          + " entry (outcome, revision, header, content hash and YAML config) or the rejection.",
      "With --store redis (the application's own --redis-url, --application-id and"
          + " --registry-config), a request whose entry already holds exactly its content is"
          + " answered UNCHANGED from Redis without a Kafka round trip (source: cache; the request"
          + " id is then on no Kafka record); any doubt makes the round trip. --no-cache always"
          + " makes it.",
      "Exit codes: 0 an entry, 2 rejected (or a command-line mistake), 1 no answer or another"
          + " failure."
    })
final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  // Not mixinStandardHelpOptions: its --version would take the header version's option name.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--title", required = true, paramLabel = "TEXT", description = "Entry title.")
  String title;

  @Option(
      names = "--scope",
      required = true,
      paramLabel = "SCOPE",
      description = "e.g. GOV, SEC, OPS (the configured scopes).")
  String scope;

  @Option(
      names = "--type",
      required = true,
      paramLabel = "TYPE",
      description = "e.g. RULES, POLICY (the configured types).")
  String type;

  @Option(
      names = "--context",
      paramLabel = "KEY=VALUE",
      description =
          "A context value; repeatable. Dotted keys nest (a.b=1); values are YAML scalars"
              + " (42, true, '42', [a, b]). Wins over --context-file.")
  List<String> context = new ArrayList<>();

  @Option(
      names = "--context-file",
      paramLabel = "FILE",
      description = "A YAML file with the context (a map); --context pairs merge on top.")
  @Nullable Path contextFile;

  @Option(
      names = "--version",
      paramLabel = "VERSION",
      description = "Schema version of the header. Default: the configured one (v2.9).")
  @Nullable String version;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "Header status. Default: the configured one (REQUIRED).")
  @Nullable String status;

  @Option(
      names = "--no-cache",
      description =
          "Always make the Kafka round trip, even when the registry cache (Redis, with --store"
              + " redis) could answer the request.")
  boolean noCache;

  @Mixin RoundTripOptions roundTrip;

  @Mixin KafkaOptions kafka;
  @Mixin RedisOptions redis;
  @Mixin RegistryConfigOption registry;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    ClientConnection connection = ClientConnection.of(kafka, spec);
    Map<String, Object> tree = ContextInput.build(contextFile, context);
    GenerationRequest request =
        GenerationRequest.newBuilder()
            .setRequestId(roundTrip.requestId())
            .setTitle(title)
            .setScope(scope)
            .setType(type)
            .setContext(ContextValues.toAvro(tree))
            .setVersion(version)
            .setStatus(status)
            .build();
    Printer printer = output.printer(spec.commandLine().getOut());
    if (noCache || !redis.redis()) {
      return Replies.requestAndPrint(
          connection, EntryLookup.NONE, request, roundTrip.timeout, printer);
    }
    // Usage errors (a bad URL, application id or registry config) before anything is sent.
    AppConfig.EntryStore store = redis.entryStore();
    String applicationId = kafka.applicationId();
    RegistrySchema schema = registry.schema();
    try (RedisEntryLookup lookup =
        RedisEntryLookup.connect(store.redisSettings(), applicationId, schema)) {
      return Replies.requestAndPrint(connection, lookup, request, roundTrip.timeout, printer);
    }
  }
}
