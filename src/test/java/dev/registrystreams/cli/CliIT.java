package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.app.RunTopics;
import dev.registrystreams.core.ContentHash;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryDocument;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.yaml.YamlCodec;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.topology.TopicNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate, batch and config against a running application on the in-process broker, through {@link
 * RegistryStreamsCli#execute}: exact output lines and exit codes.
 */
class CliIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String bootstrap;
  private static TopicNames topics;
  private static RegistryStreamsApp app;
  @TempDir static Path stateDir;
  @TempDir Path dir;

  @BeforeAll
  static void startApplication() {
    bootstrap = SharedKafkaBroker.bootstrapServers();
    topics = AppFixtures.topics("cli");
    AppConfig config =
        RunTopics.appConfig(
            SharedKafkaBroker.uniqueTopic("cli-app"),
            topics,
            2,
            "exactly_once_v2",
            stateDir,
            3,
            Map.of());
    app = RegistryStreamsApp.start(config, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopApplication() {
    if (app != null) {
      app.close();
    }
  }

  /** The command line with the cluster and topic options appended. */
  private static CliRun cli(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(RunTopics.topicArguments(bootstrap, topics));
    return CliRun.of(all);
  }

  private static CliRun generate(String requestId, String... context) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "generate",
                "--title",
                "Access review for payments",
                "--scope",
                "GOV",
                "--type",
                "RULES",
                "--request-id",
                requestId));
    for (String pair : context) {
      args.add("--context");
      args.add(pair);
    }
    return cli(args.toArray(String[]::new));
  }

  @Test
  void generateCreatesThenFindsUnchangedThenUpdates() {
    DedupKey key = DedupKey.of("GOV", "RULES", "Access review for payments");
    String id = EntryId.derive("GOV", "RULES", key);
    String header = "[GOV][RULES][PROD][" + id + "][v2.9][REQUIRED]";
    String grepable = "[gov-rules-prod-" + id.toLowerCase() + "-v2.9-required]";

    CliRun created = generate("gen-1", "env=prod", "db.password=hunter2", "db.port=5432");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.err()).isEmpty();
    List<String> lines = created.outLines();
    assertThat(lines.subList(0, 5))
        .containsExactly(
            "outcome:      CREATED",
            "revision:     1",
            "header:       " + header,
            "grepable:     " + grepable,
            "id:           " + id);
    assertThat(lines.get(5)).matches("content hash: [0-9a-f]{64}");
    assertThat(lines.subList(6, 17))
        .containsExactly(
            "request id:   gen-1",
            "config:",
            "  header: '" + header + "'",
            "  title: Access review for payments",
            "  scope: GOV",
            "  type: RULES",
            "  version: v2.9",
            "  status: REQUIRED",
            lines.get(14),
            "  context:",
            "    db:");
    assertThat(lines.get(14)).matches("  createdAt: '\\d{4}-\\d\\d-\\d\\dT[0-9:.]{12}Z'");
    assertThat(lines.subList(17, 20))
        .containsExactly("      password: '******'", "      port: 5432", "    env: prod");
    String config =
        String.join(
                "\n",
                created.outLines().subList(8, lines.size()).stream()
                    .map(l -> l.substring(2))
                    .toList())
            + "\n";
    String hash = lines.get(5).substring("content hash: ".length());
    assertThat(ContentHash.of(EntryDocument.contentOf(YamlCodec.load(config)))).isEqualTo(hash);
    assertThat(config).contains("dedupKey: " + key.hex(), "revision: 1", "contentHash: " + hash);

    CliRun unchanged = generate("gen-2", "env=prod", "db.password=hunter2", "db.port=5432");
    assertThat(unchanged.exitCode()).isZero();
    assertThat(unchanged.outLines().get(0)).isEqualTo("outcome:      UNCHANGED");
    assertThat(unchanged.outLines().get(1)).isEqualTo("revision:     1");
    assertThat(unchanged.outLines().get(5)).isEqualTo("content hash: " + hash);
    assertThat(unchanged.outLines().get(6)).isEqualTo("request id:   gen-2");

    CliRun updated = generate("gen-3", "env=prod", "db.password=hunter2", "db.port=5433");
    assertThat(updated.exitCode()).isZero();
    assertThat(updated.outLines().subList(0, 2))
        .containsExactly("outcome:      UPDATED", "revision:     2");
    assertThat(updated.outLines().get(5)).isNotEqualTo("content hash: " + hash);
    assertThat(updated.outLines()).contains("      port: 5433", "    revision: 2");
  }

  @Test
  void generateJsonAndYamlParseBack() throws Exception {
    CliRun json =
        cli(
            "generate",
            "--title",
            "Json output",
            "--scope",
            "SEC",
            "--type",
            "POLICY",
            "--context",
            "tags=[a, b]",
            "--context",
            "n='42'",
            "--request-id",
            "json-1",
            "--output",
            "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode doc = JSON.readTree(json.out());
    assertThat(doc.get("outcome").asText()).isEqualTo("CREATED");
    assertThat(doc.get("requestId").asText()).isEqualTo("json-1");
    assertThat(doc.get("revision").asInt()).isEqualTo(1);
    assertThat(doc.at("/config/context/tags/1").asText()).isEqualTo("b");
    assertThat(doc.at("/config/context/n").isTextual()).isTrue();
    assertThat(doc.at("/config/metadata/contentHash").asText())
        .isEqualTo(doc.get("contentHash").asText());

    CliRun yaml =
        cli(
            "generate",
            "--title",
            "Json output",
            "--scope",
            "SEC",
            "--type",
            "POLICY",
            "--context",
            "tags=[a, b]",
            "--context",
            "n='42'",
            "--request-id",
            "yaml-1",
            "-o",
            "yaml");
    assertThat(yaml.exitCode()).isZero();
    Map<String, Object> back = YamlCodec.load(yaml.out());
    assertThat(back.get("outcome")).isEqualTo("UNCHANGED");
    assertThat(back.get("contentHash")).isEqualTo(doc.get("contentHash").asText());
    assertThat(back.get("config")).isInstanceOf(Map.class);
  }

  @Test
  void generateRejectedExitsTwoWithTheReason() {
    CliRun run =
        cli(
            "generate",
            "--title",
            "x",
            "--scope",
            "MARKETING",
            "--type",
            "RULES",
            "--request-id",
            "rej-1");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.outLines())
        .containsExactly(
            "outcome:    REJECTED",
            "reason:     UNKNOWN_SCOPE",
            "message:    scope 'MARKETING' is not one of GOV, SEC, OPS, TECH, FIN, LEG, AUD, COMP,"
                + " DASHBOARD (case-sensitive)",
            "request id: rej-1");
  }

  @Test
  void generateTimesOutWithOneLineWhenNobodyProcessesTheTopic() {
    String idle = SharedKafkaBroker.uniqueTopic("cli-idle");
    SharedKafkaBroker.createTopics(1, idle);
    CliRun run =
        CliRun.generate(
            "--request-id",
            "lost-1",
            "--timeout",
            "2s",
            "--bootstrap-servers",
            bootstrap,
            "--requests-topic",
            idle,
            "--entries-topic",
            topics.entries(),
            "--config-changes-topic",
            topics.configChanges(),
            "--rejected-topic",
            topics.rejected());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly(
            "error: no answer for request lost-1 within 2 s; is registry-streams running against "
                + bootstrap
                + "?");
  }

  @Test
  void generateAgainstMissingTopicsSaysSo() {
    CliRun run =
        CliRun.generate(
            "--timeout",
            "5s",
            "--bootstrap-servers",
            bootstrap,
            "--entries-topic",
            "no-such-entries-topic");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly(
            "error: topic no-such-entries-topic does not exist on "
                + bootstrap
                + "; is registry-streams running against it? (it creates its topics when it"
                + " starts)");
  }

  @Test
  void batchCountPrintsTheExactSummary() throws Exception {
    CliRun run = cli("batch", "--count", "200", "--bad", "0.05", "--seed", "7");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    Map<String, Integer> reasons =
        MixedWorkload.generate(new MixedWorkload.Shape(130, 40, 20, 10, 7), "any")
            .expectedRejections();
    List<String> lines = run.outLines();
    assertThat(lines.get(0)).matches("Sent 200 requests to " + topics.requests() + " in [0-9.]+ s");
    assertThat(lines.subList(1, 9))
        .containsExactly(
            "",
            "OUTCOME    EXPECTED  COUNT",
            "CREATED         130    130",
            "UPDATED          20     20",
            "UNCHANGED        40     40",
            "REJECTED         10     10",
            "total           200    200",
            "");
    int width =
        Math.max(
            "DEAD LETTER REASON".length(),
            reasons.keySet().stream().mapToInt(String::length).max().orElse(0));
    List<String> expectedReasons = new ArrayList<>();
    expectedReasons.add(String.format("%-" + width + "s  COUNT", "DEAD LETTER REASON"));
    reasons.forEach((r, n) -> expectedReasons.add(String.format("%-" + width + "s  %5d", r, n)));
    assertThat(lines.subList(9, 9 + expectedReasons.size())).isEqualTo(expectedReasons);
    List<String> tail = lines.subList(9 + expectedReasons.size(), lines.size());
    assertThat(tail.subList(0, 3)).containsExactly("", "Answered twice: 0", "Unanswered: 0");
    assertThat(tail.get(3))
        .matches(
            "Throughput: 200 answers in [0-9.]+ s = [0-9,]+ requests/s \\(send to last answer\\)");

    CliRun json = cli("batch", "--count", "20", "--output", "json");
    assertThat(json.exitCode()).isZero();
    JsonNode doc = JSON.readTree(json.out());
    assertThat(doc.get("requests").asInt()).isEqualTo(20);
    assertThat(doc.at("/outcomes/CREATED").asInt()).isEqualTo(14);
    assertThat(doc.at("/outcomes/UNCHANGED").asInt()).isEqualTo(4);
    assertThat(doc.at("/outcomes/UPDATED").asInt()).isEqualTo(2);
    assertThat(doc.get("answeredTwice").asInt()).isZero();
    assertThat(doc.get("unanswered").asInt()).isZero();
    assertThat(doc.get("sendSeconds").isNumber()).isTrue();
  }

  @Test
  void batchFileSendsEveryLineAndRefusesABadOne() throws Exception {
    Path good =
        Files.writeString(
            dir.resolve("good.jsonl"),
            """
            {"requestId":"file-1","title":"From a file","scope":"OPS","type":"PROCEDURE","context":{"env":"dev"}}
            {"requestId":"file-2","title":"From a file","scope":"OPS","type":"PROCEDURE","context":{"env":"dev"}}
            {"requestId":"file-3","title":"From a file","scope":"OPS","type":"PROCEDURE","context":{"env":"dev","n":2}}
            {"title":"Bad scope","scope":"NOPE","type":"PROCEDURE"}
            """);
    CliRun run = cli("batch", "--file", good.toString(), "-o", "yaml");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, Object> doc = YamlCodec.load(run.out());
    assertThat(doc.get("outcomes"))
        .isEqualTo(Map.of("CREATED", 1L, "UPDATED", 1L, "UNCHANGED", 1L, "REJECTED", 1L));
    assertThat(doc.get("deadLetters")).isEqualTo(Map.of("UNKNOWN_SCOPE", 1L));

    long before = requestsEndOffset();
    Path bad =
        Files.writeString(
            dir.resolve("bad.jsonl"),
            """
            {"title":"Never sent","scope":"OPS","type":"PROCEDURE"}

            {"title":"Never sent either","scope":"OPS","type":"PROCEDURE","colour":"red"}
            """);
    CliRun refused = cli("batch", "--file", bad.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.errLines())
        .containsExactly(
            "error: "
                + bad
                + ", line 3: unknown field 'colour' (fields: requestId, title, scope, type,"
                + " context, version, status)");
    assertThat(requestsEndOffset()).isEqualTo(before);
  }

  @Test
  void configPutInterpolatesAndRefusesUnsetVariables() throws Exception {
    Path yaml =
        Files.writeString(
            dir.resolve("dash.yaml"),
            """
            title: Payments
            refresh: ${CLI_IT_REFRESH:-30s}
            datasource:
              url: postgres://${CLI_IT_DB_HOST}:5432/pay
              password: ${CLI_IT_DB_PASSWORD}
              replica: ${CLI_IT_REPLICA_URL}
            """);
    Path env =
        Files.writeString(
            dir.resolve(".env"),
            "CLI_IT_DB_HOST=db.internal\nCLI_IT_DB_PASSWORD=\"s3cr3t\"\n"
                + "CLI_IT_REPLICA_URL=postgres://app:pw@replica:5432/pay\n");
    long before = requestsEndOffset();
    CliRun missing = cli("config", "put", yaml.toString(), "--name", "interp", "--interpolate");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.errLines())
        .containsExactly(
            "error: "
                + yaml
                + ": unset variables without a default: CLI_IT_DB_HOST, CLI_IT_DB_PASSWORD,"
                + " CLI_IT_REPLICA_URL");
    assertThat(requestsEndOffset()).isEqualTo(before);

    CliRun put =
        cli(
            "config",
            "put",
            yaml.toString(),
            "--name",
            "interp",
            "--interpolate",
            "--env-file",
            env.toString(),
            "--request-id",
            "put-interp");
    assertThat(put.exitCode()).as(put.err()).isZero();
    assertThat(put.outLines().get(0)).isEqualTo("outcome:      CREATED");
    assertThat(put.outLines())
        .contains(
            "  title: interp",
            "  scope: DASHBOARD",
            "  type: CONFIG",
            "    datasource:",
            "      password: '******'",
            // Interpolated first, masked by the application: the password never comes back.
            "      replica: postgres://app:******@replica:5432/pay",
            "      url: postgres://db.internal:5432/pay",
            "    refresh: 30s",
            "    title: Payments")
        .noneMatch(line -> line.contains("s3cr3t") || line.contains(":pw@") || line.contains("${"));
  }

  @Test
  void configGetHistoryAndDiffAcrossThreeRevisions() throws Exception {
    String name = "ops-dashboard";
    Path file = dir.resolve("ops.yaml");
    putRevision(
        file,
        name,
        "ops-1",
        """
        refresh: 30s
        panels:
          - {title: Errors, query: "rate(errors[5m])"}
          - {title: Latency, query: p99}
        "weird.key": 1
        api_token: abc
        """);
    putRevision(
        file,
        name,
        "ops-2",
        """
        refresh: 1m
        panels:
          - {title: Errors, query: "rate(errors[5m])"}
          - {title: Latency, query: p95}
        "weird.key": 1
        api_token: abc
        """);
    putRevision(
        file,
        name,
        "ops-3",
        """
        refresh: 1m
        panels:
          - {title: Errors, query: "rate(errors[5m])"}
        owners: [sre]
        api_token: def
        """);

    String id = EntryId.derive("DASHBOARD", "CONFIG", DedupKey.of("DASHBOARD", "CONFIG", name));

    CliRun history = cli("config", "history", name, "-o", "json");
    assertThat(history.exitCode()).as(history.err()).isZero();
    JsonNode revisions = JSON.readTree(history.out()).get("revisions");
    assertThat(revisions).hasSize(3);
    String[] hashes = new String[3];
    for (int i = 0; i < 3; i++) {
      hashes[i] = revisions.get(i).get("contentHash").asText();
      assertThat(revisions.get(i).get("revision").asInt()).isEqualTo(i + 1);
      assertThat(revisions.get(i).get("requestId").asText()).isEqualTo("ops-" + (i + 1));
    }
    // revision 1 adds every leaf of the content document: 6 fields, 3 metadata, 7 context
    assertThat(revisions.get(0).get("added").asInt()).isEqualTo(16);
    assertThat(revisions.get(1).get("updated").asInt()).isEqualTo(2);
    assertThat(revisions.get(2).get("added").asInt()).isEqualTo(1);
    assertThat(revisions.get(2).get("deleted").asInt()).isEqualTo(3);

    CliRun table = cli("config", "history", name);
    assertThat(table.outLines().get(0))
        .isEqualTo(
            "REVISION  CHANGED AT                CONTENT HASH  ADDED  UPDATED  DELETED  REQUEST ID");
    for (int i = 0; i < 3; i++) {
      assertThat(table.outLines().get(i + 1))
          .matches(
              " {7}"
                  + (i + 1)
                  + "  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z  "
                  + hashes[i].substring(0, 12)
                  + " .* ops-"
                  + (i + 1));
    }

    CliRun diff = cli("config", "diff", name, "--from", "1", "--to", hashes[2].substring(0, 10));
    assertThat(diff.exitCode()).as(diff.err()).isZero();
    assertThat(diff.outLines())
        .containsExactly(
            name
                + ": revision 1 ("
                + hashes[0].substring(0, 12)
                + ") -> revision 3 ("
                + hashes[2].substring(0, 12)
                + "): 5 changes",
            "OP      PATH                     OLD        NEW",
            "ADD     context.owners[0]                   \"sre\"",
            "DELETE  context.panels[1].query  \"p99\"",
            "DELETE  context.panels[1].title  \"Latency\"",
            "UPDATE  context.refresh          \"30s\"      \"1m\"",
            "DELETE  context[\"weird.key\"]     1");

    // The latest revision from the entries topic equals revision 3 rebuilt from the events.
    CliRun latest = cli("config", "get", name);
    assertThat(latest.exitCode()).as(latest.err()).isZero();
    assertThat(cli("config", "get", name, "--revision", "3").out()).isEqualTo(latest.out());
    assertThat(latest.outLines().subList(0, 5))
        .containsExactly(
            "name:         " + name,
            "id:           " + id,
            "revision:     3",
            "content hash: " + hashes[2],
            "header:       [DASHBOARD][CONFIG][BASE][" + id + "][v2.9][REQUIRED]");

    CliRun second = cli("config", "get", name, "--revision", "2", "-o", "yaml");
    assertThat(second.exitCode()).as(second.err()).isZero();
    Map<String, Object> doc = YamlCodec.load(second.out());
    assertThat(doc.get("revision")).isEqualTo(2L);
    assertThat(doc.get("contentHash")).isEqualTo(hashes[1]);
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) doc.get("config");
    assertThat(config.get("context"))
        .isEqualTo(
            Map.of(
                "api_token",
                "******",
                "panels",
                List.of(
                    Map.of("query", "rate(errors[5m])", "title", "Errors"),
                    Map.of("query", "p95", "title", "Latency")),
                "refresh",
                "1m",
                "weird.key",
                1L));
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) config.get("metadata");
    assertThat(metadata).containsEntry("revision", 2L).containsEntry("contentHash", hashes[1]);
    assertThat(
            cli("config", "get", name, "--revision", hashes[0].substring(0, 8), "-o", "json").out())
        .contains("\"revision\" : 1,");

    CliRun unknownName = cli("config", "get", "no-such-dashboard");
    assertThat(unknownName.exitCode()).isEqualTo(1);
    assertThat(unknownName.errLines())
        .containsExactly(
            "error: no config named 'no-such-dashboard' in the registry at " + bootstrap);
    CliRun unknownHistory = cli("config", "history", "no-such-dashboard");
    assertThat(unknownHistory.exitCode()).isEqualTo(1);
    assertThat(unknownHistory.errLines()).hasSize(1);
    CliRun unknownRevision = cli("config", "diff", name, "--from", "1", "--to", "4");
    assertThat(unknownRevision.exitCode()).isEqualTo(1);
    assertThat(unknownRevision.errLines())
        .containsExactly("error: config '" + name + "': no revision 4 (revisions are 1..3)");
    CliRun unknownHash = cli("config", "get", name, "--revision", "fffffffff");
    assertThat(unknownHash.exitCode()).isEqualTo(1);
    assertThat(unknownHash.errLines())
        .containsExactly("error: config '" + name + "': no revision has content hash fffffffff");
  }

  /** Writes {@code yaml} to {@code file} and puts it as config {@code name}: the put succeeds. */
  private static void putRevision(Path file, String name, String requestId, String yaml)
      throws IOException {
    Files.writeString(file, yaml);
    assertThat(
            cli("config", "put", file.toString(), "--name", name, "--request-id", requestId)
                .exitCode())
        .isZero();
  }

  private static long requestsEndOffset() throws Exception {
    try (Admin admin = SharedKafkaBroker.admin()) {
      var partitions =
          admin
              .describeTopics(List.of(topics.requests()))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(topics.requests())
              .partitions();
      Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
      partitions.forEach(
          p ->
              request.put(
                  new TopicPartition(topics.requests(), p.partition()), OffsetSpec.latest()));
      return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
          .mapToLong(r -> r.offset())
          .sum();
    }
  }

  @Test
  void configChangesTopicKeepsEventsForever() throws Exception {
    try (Admin admin = SharedKafkaBroker.admin()) {
      ConfigResource resource =
          new ConfigResource(ConfigResource.Type.TOPIC, topics.configChanges());
      Config config =
          admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
      assertThat(config.get("retention.ms").value()).isEqualTo("-1");
    }
  }
}
