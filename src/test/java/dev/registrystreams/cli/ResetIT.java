package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.client.RegistryReader;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.store.RedisServerExtension;
import dev.registrystreams.store.RedisTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** reset against a real application on the in-process broker. */
class ResetIT {

  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.plain();

  private static final String NL = System.lineSeparator();

  @TempDir Path stateDir;

  private String[] reset(AppConfig config, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("reset"));
    args.addAll(AppFixtures.applicationOptions(config));
    args.addAll(List.of("--state-dir", stateDir.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static Map<TopicPartition, Long> groupOffsets(AppConfig config) throws Exception {
    try (Admin admin = SharedKafkaBroker.admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(config.applicationId())
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      return offsets.entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
  }

  private static List<String> internalTopics(AppConfig config) throws Exception {
    try (Admin admin = SharedKafkaBroker.admin()) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(t -> t.startsWith(config.applicationId() + "-"))
          .sorted()
          .toList();
    }
  }

  private static RegistryReader.Snapshot currentEntries(AppConfig config) {
    try (RegistryReader reader =
        new RegistryReader(config.clientProperties(), config.topics(), Duration.ofSeconds(30))) {
      return reader.currentEntries();
    }
  }

  private static Map<String, String> configsByKey(AppConfig config) {
    return currentEntries(config).byKey().entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().getConfig(), (a, b) -> a, TreeMap::new));
  }

  private static long entryRecords(AppConfig config) {
    return currentEntries(config).records();
  }

  @Test
  void resetRefusesWhileRunningChangesNothingOnADryRunAndMakesTheAppReprocess() throws Exception {
    AppConfig config = AppFixtures.appConfig("reset", stateDir);
    Path localState = stateDir.resolve(config.applicationId());
    String changelog = config.applicationId() + "-entries-changelog";
    String repartition = config.applicationId() + "-requests-by-dedup-key-repartition";
    int answered;
    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60))) {
      answered =
          AppFixtures.sendAndAwait(
                  config, MixedWorkload.generate(new MixedWorkload.Shape(12, 6, 4, 0, 3), "reset"))
              .entries()
              .size();
      assertThat(answered).isEqualTo(22);

      CliRun running = CliRun.of(reset(config));
      assertThat(running.exitCode()).isEqualTo(1);
      assertThat(running.out()).isEmpty();
      assertThat(running.err())
          .isEqualTo(
              "error: consumer group "
                  + config.applicationId()
                  + " still has 2 members (on /127.0.0.1): stop every instance of the application"
                  + " first (an instance that crashed or uses static membership stays a member"
                  + " until its session times out; --force removes it)"
                  + NL);
      assertThat(running.exitCode()).isEqualTo(1);
    }
    Map<String, String> before = configsByKey(config);
    assertThat(before).hasSize(12);

    Map<TopicPartition, Long> committed = groupOffsets(config);
    long requestsCommitted =
        committed.entrySet().stream()
            .filter(e -> e.getKey().topic().equals(config.topics().requests()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    assertThat(requestsCommitted).isEqualTo(22);
    assertThat(internalTopics(config)).containsExactly(changelog, repartition);
    assertThat(localState).isDirectory();

    CliRun dryRun = CliRun.of(reset(config, "--dry-run"));
    String requests = config.topics().requests();
    String plan =
        String.join(
            NL,
            "Would reset offsets of consumer group " + config.applicationId() + " to the earliest:",
            "  " + requests + "-0: " + committed.get(new TopicPartition(requests, 0)) + " -> 0",
            "  " + requests + "-1: " + committed.get(new TopicPartition(requests, 1)) + " -> 0",
            "Would delete internal topics:",
            "  " + changelog,
            "  " + repartition,
            "Would delete local state " + localState,
            "Leaving output topics as they are: "
                + config.topics().entries()
                + ", "
                + config.topics().configChanges()
                + ", "
                + config.topics().rejected());
    assertThat(dryRun.err()).isEmpty();
    assertThat(dryRun.exitCode()).isZero();
    assertThat(dryRun.out()).endsWith(plan + NL + "Dry run: nothing was changed." + NL);
    assertThat(groupOffsets(config)).isEqualTo(committed);
    assertThat(internalTopics(config)).containsExactly(changelog, repartition);
    assertThat(localState).isDirectory();

    CliRun done = CliRun.of(reset(config));
    assertThat(done.err()).isEmpty();
    assertThat(done.exitCode()).isZero();
    assertThat(done.out())
        .endsWith(
            plan.replace("Would reset", "Resetting").replace("Would delete", "Deleting")
                + NL
                + "Application "
                + config.applicationId()
                + " is reset: its next start processes "
                + requests
                + " from the beginning."
                + NL);
    assertThat(groupOffsets(config))
        .isEqualTo(
            Map.of(new TopicPartition(requests, 0), 0L, new TopicPartition(requests, 1), 0L));
    assertThat(internalTopics(config)).isEmpty();
    assertThat(Files.exists(localState)).isFalse();

    // Nothing left to do: a second reset says so.
    CliRun again = CliRun.of(reset(config, "--dry-run"));
    assertThat(again.exitCode()).isZero();
    assertThat(again.out())
        .contains("No internal topics to delete" + NL + "No local state to delete");

    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60))) {
      // Every request is answered again, with byte-identical entries.
      await().atMost(Duration.ofSeconds(90)).until(() -> entryRecords(config) >= 2L * answered);
      assertThat(entryRecords(config)).isEqualTo(2L * answered);
      assertThat(configsByKey(config)).isEqualTo(before);
      assertThat(internalTopics(config)).containsExactly(changelog, repartition);
    }
  }

  private static List<String> redisKeys(String pattern) {
    try (RedisTier redis = RedisTier.connect(REDIS.server().settings())) {
      List<String> keys = new java.util.ArrayList<>();
      List<byte[]> found = redis.read("keys", r -> r.keys(pattern));
      found.forEach(k -> keys.add(new String(k, java.nio.charset.StandardCharsets.UTF_8)));
      return keys.stream().sorted().toList();
    }
  }

  @Test
  void resetInRedisModeAlsoDeletesTheApplicationsRedisKeysAndNoOthers() throws Exception {
    AppConfig config =
        AppFixtures.appConfig("reset-redis", stateDir)
            .withEntryStore(AppConfig.EntryStore.redis(REDIS.server().settings()));
    String id = config.applicationId();
    String url = REDIS.server().url();
    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60))) {
      AppFixtures.sendAndAwait(
          config, MixedWorkload.generate(new MixedWorkload.Shape(12, 6, 4, 0, 3), "rr"));
    }
    Map<String, String> before = configsByKey(config);
    List<String> keys = redisKeys(id + ":*");
    long entries = keys.stream().filter(k -> k.startsWith(id + ":entries:entry:")).count();
    long dedupKeys = keys.stream().filter(k -> k.startsWith(id + ":entries:key:")).count();
    long tasks = keys.stream().filter(k -> k.startsWith(id + ":entries:task:")).count();
    assertThat(entries).isEqualTo(12);
    assertThat(dedupKeys).isEqualTo(12);
    assertThat(tasks).isPositive();
    assertThat(keys).contains(id + ":entries:settings");
    // Another application's keys in the same database, one whose id merely starts with ours.
    try (RedisTier redis = RedisTier.connect(REDIS.server().settings())) {
      for (String other : List.of(id + "-2:entries:entry:X", "other:entries:entry:X")) {
        redis.read("set", r -> r.set(other.getBytes(), "v".getBytes()));
      }
    }
    String[] redisMode = {"--store", "redis", "--redis-url", url};

    CliRun dryRun = CliRun.of(reset(config, concat(redisMode, "--dry-run")));
    assertThat(dryRun.err()).isEmpty();
    assertThat(dryRun.exitCode()).isZero();
    String line =
        String.format(
            "%d Redis keys %s:* at %s: %d entries, %d dedup keys, %d task bookkeeping keys,"
                + " 1 settings",
            keys.size(), id, url, entries, dedupKeys, tasks);
    assertThat(dryRun.out()).contains("Would delete " + line + NL);
    assertThat(redisKeys(id + ":*")).isEqualTo(keys);

    Map<String, Object> doc =
        Documents.parse(
            "json", CliRun.of(reset(config, concat(redisMode, "--dry-run", "-o", "json"))).out());
    assertThat(doc.get("redis"))
        .isEqualTo(
            Documents.map(
                "url",
                url,
                "pattern",
                id + ":*",
                "keys",
                (long) keys.size(),
                "entries",
                entries,
                "dedupKeys",
                dedupKeys,
                "tasks",
                tasks,
                "settings",
                1L,
                "other",
                0L));

    CliRun done = CliRun.of(reset(config, redisMode));
    assertThat(done.err()).isEmpty();
    assertThat(done.exitCode()).isZero();
    assertThat(done.out()).contains("Deleting " + line + NL);
    assertThat(redisKeys(id + ":*")).isEmpty();
    assertThat(redisKeys("*"))
        .containsExactlyInAnyOrder(id + "-2:entries:entry:X", "other:entries:entry:X");

    CliRun again = CliRun.of(reset(config, concat(redisMode, "--dry-run")));
    assertThat(again.out()).contains("No Redis keys to delete (" + id + ":* at " + url + ")");

    // The next start rebuilds the store from the requests topic: the same entries again.
    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60))) {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> redisKeys(id + ":entries:entry:*").size() == 12 && entryRecords(config) >= 44);
      assertThat(configsByKey(config)).isEqualTo(before);
    }
  }

  private static String[] concat(String[] head, String... tail) {
    List<String> all = new java.util.ArrayList<>(List.of(head));
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  @Test
  void resetAsJsonOrYamlPrintsThePlanAsOneDocument() {
    AppConfig config = AppFixtures.appConfig("reset-doc", stateDir);
    SharedKafkaBroker.createTopics(1, config.topics().requests());
    Map<String, Object> plan =
        Documents.map(
            "applicationId",
            config.applicationId(),
            "dryRun",
            true,
            "membersRemoved",
            null,
            "offsets",
            List.of(
                Documents.map(
                    "topic",
                    config.topics().requests(),
                    "partition",
                    0L,
                    "committed",
                    null,
                    "earliest",
                    0L)),
            "missingInputTopics",
            List.of(),
            "internalTopics",
            List.of(),
            "localState",
            null,
            "outputTopics",
            List.of(
                config.topics().entries(),
                config.topics().configChanges(),
                config.topics().rejected()),
            "redis",
            null);

    CliRun dryRun = CliRun.of(reset(config, "--dry-run", "--output", "json"));

    assertThat(dryRun.err()).isEmpty();
    assertThat(dryRun.exitCode()).isZero();
    assertThat(Documents.parse("json", dryRun.out())).isEqualTo(plan);

    CliRun done = CliRun.of(reset(config, "--force", "-o", "yaml"));

    assertThat(done.err()).isEmpty();
    assertThat(done.exitCode()).isZero();
    plan.put("dryRun", false);
    plan.put("membersRemoved", 0L);
    assertThat(Documents.parse("yaml", done.out())).isEqualTo(plan);
  }

  @Test
  void forceRemovesTheMembersThatAStaticMemberLeavesBehind() {
    // With static membership an instance stays in the group when it stops, until its session
    // times out: reset refuses, reset --force removes those members first, as Kafka's tool does.
    AppConfig config =
        AppFixtures.appConfig(
            "static", stateDir, Map.of("group.instance.id", SharedKafkaBroker.uniqueTopic("i")));
    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60))) {
      AppFixtures.sendAndAwait(
          config, MixedWorkload.generate(new MixedWorkload.Shape(3, 0, 0, 0, 5), "static"));
    }

    CliRun refused = CliRun.of(reset(config, "--dry-run"));
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains(" still has 2 members ");

    CliRun forced = CliRun.of(reset(config, "--force"));
    assertThat(forced.err()).isEmpty();
    assertThat(forced.exitCode()).isZero();
    assertThat(forced.out())
        .startsWith(
            "Removed 2 members of consumer group "
                + config.applicationId()
                + NL
                + "Resetting offsets of consumer group ")
        .endsWith(" from the beginning." + NL);
    assertThat(CliRun.of(reset(config, "--dry-run")).exitCode()).isZero();
  }

  @Test
  void anApplicationThatNeverRanOnlyHasOffsetsToSet() {
    // An application id that never ran: nothing committed, nothing to delete.
    AppConfig config = AppFixtures.appConfig("never-ran", stateDir);
    SharedKafkaBroker.createTopics(1, config.topics().requests());

    CliRun run = CliRun.of(reset(config));

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            String.join(
                    NL,
                    "Resetting offsets of consumer group "
                        + config.applicationId()
                        + " to the earliest:",
                    "  " + config.topics().requests() + "-0: no committed offset -> 0",
                    "No internal topics to delete",
                    "No local state to delete",
                    "Leaving output topics as they are: "
                        + config.topics().entries()
                        + ", "
                        + config.topics().configChanges()
                        + ", "
                        + config.topics().rejected(),
                    "Application "
                        + config.applicationId()
                        + " is reset: its next start processes "
                        + config.topics().requests()
                        + " from the beginning.")
                + NL);
  }
}
