package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.store.RedisServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate}'s cache-hit fast path against a running application in Redis mode: a repeated
 * request is answered from Redis with exactly the answer the Kafka round trip gives it, and every
 * doubt (a miss, other content, a request Kafka would reject, another registry configuration, an
 * unreachable Redis) makes the round trip, silently.
 */
class GenerateCacheIT {

  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.plain();

  @TempDir static Path stateDir;
  @TempDir Path dir;

  private static AppConfig config;
  private static RegistryStreamsApp app;

  @BeforeAll
  static void startApplication() {
    config =
        AppFixtures.appConfig("gencache", stateDir)
            .withEntryStore(AppConfig.EntryStore.redis(REDIS.server().settings()));
    app = RegistryStreamsApp.start(config, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopApplication() {
    if (app != null) {
      app.close();
    }
  }

  private static CliRun generate(String title, String requestId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "generate",
                "--title",
                title,
                "--scope",
                "GOV",
                "--type",
                "RULES",
                "--context",
                "env=prod",
                "--context",
                "db.password=hunter2",
                "--request-id",
                requestId));
    args.addAll(AppFixtures.applicationOptions(config));
    args.addAll(List.of("--timeout", "60s"));
    args.addAll(List.of(more));
    return CliRun.of(args);
  }

  private static String[] redis(String... more) {
    List<String> args = new ArrayList<>(List.of("--store", "redis", "--redis-url"));
    args.add(REDIS.server().url());
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static Map<String, Object> json(CliRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).as("stderr").isEmpty();
    return Documents.parse("json", run.out());
  }

  @Test
  void aRepeatIsAnsweredFromRedisExactlyAsTheRoundTripAnswersIt() {
    String title = "Cache equivalence";
    // A miss (nothing stored yet) makes the round trip and creates the entry.
    Map<String, Object> created = json(generate(title, "eq-1", redis("-o", "json")));
    assertThat(created).containsEntry("outcome", "CREATED").containsEntry("source", "kafka");

    // The same request, once from the cache and once through Kafka, under one request id.
    Map<String, Object> cached = json(generate(title, "eq-2", redis("-o", "json")));
    Map<String, Object> kafka = json(generate(title, "eq-2", redis("--no-cache", "-o", "json")));
    assertThat(cached).containsEntry("source", "cache").containsEntry("outcome", "UNCHANGED");
    assertThat(kafka).containsEntry("source", "kafka").containsEntry("outcome", "UNCHANGED");
    assertThat(withoutSource(cached)).isEqualTo(withoutSource(kafka));
    assertThat(cached).containsEntry("requestId", "eq-2");
    // Same entry as created: revision, hash, config, timestamps.
    Map<String, Object> createdEntry = withoutSource(created);
    createdEntry.remove("requestId");
    createdEntry.remove("outcome");
    Map<String, Object> cachedEntry = withoutSource(cached);
    cachedEntry.remove("requestId");
    cachedEntry.remove("outcome");
    assertThat(cachedEntry).isEqualTo(createdEntry);

    // YAML says so too, and the table says it in words.
    CliRun yaml = generate(title, "eq-3", redis("-o", "yaml"));
    assertThat(Documents.parse("yaml", yaml.out())).containsEntry("source", "cache");
    CliRun table = generate(title, "eq-4", redis());
    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).contains(Replies.FROM_CACHE).contains("UNCHANGED");
    assertThat(generate(title, "eq-5", redis("--no-cache")).out()).doesNotContain("cache");
  }

  @Test
  void everyDoubtMakesTheRoundTripSilently() throws Exception {
    String title = "Cache doubts";
    assertThat(json(generate(title, "d-1", redis("-o", "json"))))
        .containsEntry("outcome", "CREATED");

    // Other content: UPDATED, through Kafka.
    Map<String, Object> updated =
        json(generate(title, "d-2", redis("--context", "owner=ops", "-o", "json")));
    assertThat(updated).containsEntry("outcome", "UPDATED").containsEntry("source", "kafka");

    // Same content, but a request id the application rejects: rejected, through Kafka.
    CliRun longId = generate(title, "x".repeat(129), redis("--context", "owner=ops"));
    assertThat(longId.exitCode()).as(longId.out()).isEqualTo(Replies.REJECTED);
    assertThat(longId.out()).contains("REQUEST_ID_TOO_LONG");

    // Another registry configuration than the application's: the cache does not answer for it.
    Path registry = dir.resolve("registry.yaml");
    Files.writeString(
        registry,
        "secrets:\n  keys: [password, passwd, secret, token, apikey, privatekey, credential, pin]\n");
    Map<String, Object> otherConfig =
        json(
            generate(
                title,
                "d-3",
                redis(
                    "--context",
                    "owner=ops",
                    "--registry-config",
                    registry.toString(),
                    "-o",
                    "json")));
    assertThat(otherConfig).containsEntry("outcome", "UNCHANGED").containsEntry("source", "kafka");

    // Redis unreachable: the round trip, and nothing on stderr.
    Map<String, Object> unreachable =
        json(
            generate(
                title,
                "d-4",
                "--context",
                "owner=ops",
                "--store",
                "redis",
                "--redis-url",
                "redis://127.0.0.1:1",
                "-o",
                "json"));
    assertThat(unreachable).containsEntry("outcome", "UNCHANGED").containsEntry("source", "kafka");

    // And with everything in order, the cache answers.
    assertThat(json(generate(title, "d-5", redis("--context", "owner=ops", "-o", "json"))))
        .containsEntry("outcome", "UNCHANGED")
        .containsEntry("source", "cache")
        .containsEntry("revision", 2L);
  }

  @Test
  @SuppressWarnings("unchecked")
  void demoAndRunReportRedisHitsAndMissesApartFromTheHotTiers() {
    CliRun demo =
        CliRun.of(
            "demo",
            "--titles",
            "10",
            "--duplicates",
            "5",
            "--updates",
            "3",
            "--bad",
            "0",
            "--timeout",
            "60",
            "--state-dir",
            dir.resolve("demo-state").toString(),
            "--store",
            "redis",
            "--redis-url",
            // Databases of their own: each demo starts from an empty registry.
            REDIS.server().url() + "/1",
            "-o",
            "json");
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    Map<String, Object> doc = Documents.parse("json", demo.out());
    Map<String, Object> hot = (Map<String, Object>) doc.get("hotTier");
    Map<String, Object> redis = (Map<String, Object>) doc.get("redisTier");
    assertThat(redis).containsOnlyKeys("hits", "misses");
    // Every hot-tier miss, and only those, reached Redis.
    assertThat((Long) redis.get("hits") + (Long) redis.get("misses")).isEqualTo(hot.get("misses"));
    assertThat((Long) redis.get("misses")).isPositive();

    CliRun table =
        CliRun.of(
            "demo",
            "--titles",
            "5",
            "--duplicates",
            "2",
            "--updates",
            "1",
            "--bad",
            "0",
            "--state-dir",
            dir.resolve("demo-state-2").toString(),
            "--store",
            "redis",
            "--redis-url",
            REDIS.server().url() + "/2");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).containsPattern("Redis tier: \\d+ hits, \\d+ misses");

    // What run prints every --stats-interval.
    assertThat(RunCommand.statsLine(app, true))
        .matches(
            "entries store: hot tier [\\d,]+ hits, [\\d,]+ misses \\(hit rate [\\d.]+%\\);"
                + " Redis [\\d,]+ hits, [\\d,]+ misses");
  }

  private static Map<String, Object> withoutSource(Map<String, Object> doc) {
    Map<String, Object> copy = new LinkedHashMap<>(doc);
    copy.remove("source");
    return copy;
  }
}
