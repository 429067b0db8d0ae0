package dev.registrystreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.Pause;
import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.Expected;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.store.RedisKeys;
import dev.registrystreams.store.RedisServerExtension;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.TopicNames;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly-once under SIGKILL: the application runs in a child JVM that is killed with {@code kill
 * -9} at random points while requests flow, and restarted each time. Every request must still get
 * exactly its one right answer, and every entry change exactly one change event with consecutive
 * revisions. In Redis mode this is the test of the undo log: a killed instance leaves writes of its
 * open (then aborted) transaction in Redis, and a re-processed request must not see them. RocksDB
 * mode is the control.
 */
class KillAndRestartIT {

  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.plain();

  // The soak in docs/RELIABILITY.md runs the same test larger: -Dsoak.scale=60 -Dsoak.kills=5
  // sends 198,000 requests. CI runs it at scale 1, 3,300 requests and 6 kills.
  private static final int SCALE = Integer.getInteger("soak.scale", 1);
  private static final int KILLS = Integer.getInteger("soak.kills", 6);
  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final AvroSerde<GenerationRequest> PROBES = AvroSerde.of(GenerationRequest.class);

  @TempDir Path dir;
  private ChildApp child;

  @AfterEach
  void killTheChildOfAFailedRun() throws InterruptedException {
    // A failed assertion must not leave a child JVM processing on the shared cores.
    if (child != null && child.alive()) {
      child.kill();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"redis", "rocksdb"})
  void everyRequestIsAnsweredExactlyOnceAcrossKills(String store) throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("kill-" + store);
    TopicNames topics = RunTopics.of(run);
    String applicationId = run + "-app";
    Properties client = RunTopics.sharedBrokerClient();

    List<String> arguments =
        RunTopics.runArguments(
            SharedKafkaBroker.bootstrapServers(),
            applicationId,
            topics,
            3,
            2,
            dir.resolve("state"),
            "--store",
            store,
            // Static membership: a restarted instance takes its killed predecessor's place in
            // the group at once instead of waiting for its session to time out.
            "--group-instance-id",
            run,
            "--kafka-config",
            "session.timeout.ms=10000");
    if (store.equals("redis")) {
      arguments.addAll(List.of("--redis-url", REDIS.server().url()));
    }
    // The child's log stays in target/ for a look after a failure.
    Path log = Path.of("target", "it-logs", run + ".log");
    java.nio.file.Files.createDirectories(log.getParent());
    child = new ChildApp(arguments, log);
    child.start(); // creates the topics

    MixedWorkload workload =
        MixedWorkload.generate(
            new MixedWorkload.Shape(1500 * SCALE, 1000 * SCALE, 700 * SCALE, 100 * SCALE, 7), run);
    List<WorkloadRequest> requests = workload.requests();
    Set<String> ids = new HashSet<>();
    Map<String, Expected> expected = new HashMap<>();
    for (WorkloadRequest request : requests) {
      if (request.requestId() != null) {
        ids.add(request.requestId());
        expected.put(request.requestId(), request.expected());
      }
    }
    int unidentified = requests.size() - ids.size();
    // After each restart a request of a title of its own; its answer is awaited with the rest.
    List<String> probeIds = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      probeIds.add(run + "-probe-" + kill);
      expected.put(run + "-probe-" + kill, Expected.CREATED);
    }
    Set<String> answered = new HashSet<>(ids);
    answered.addAll(probeIds);
    AtomicReference<Throwable> senderFailure = new AtomicReference<>();
    AtomicLong lastSent = new AtomicLong();
    Thread sender =
        new Thread(
            () -> {
              try (RequestSender out = new RequestSender(client, topics.requests())) {
                int chunk = 80 * SCALE;
                for (int i = 0; i < requests.size(); i += chunk) {
                  out.sendAll(requests.subList(i, Math.min(requests.size(), i + chunk)));
                  // Paced, so that requests still flow at every kill.
                  Pause.deliberately(Duration.ofMillis(700), "pace the requests");
                }
                lastSent.set(System.nanoTime());
              } catch (Throwable e) {
                senderFailure.set(e);
              }
            },
            "request-sender");
    sender.start();
    // Read while the answers are written, so that the time of the last one is when it became
    // readable. Answers stop for a restart (asserted below 30 s), never for a minute.
    AnswerCollector collector = new AnswerCollector(client, topics);
    CompletableFuture<Answers> collecting =
        CompletableFuture.supplyAsync(
            () ->
                collector.collect(
                    answered,
                    unidentified,
                    Duration.ofSeconds(600L + 60L * SCALE),
                    Duration.ofSeconds(60)));

    Random random = new Random(run.hashCode());
    List<Long> resumedMs = new ArrayList<>();
    List<Long> killedAt = new ArrayList<>();
    long lastRestart = System.nanoTime();
    try (RequestSender probes = new RequestSender(client, topics.requests());
        FirstNewAnswer firstNew = new FirstNewAnswer(client, topics)) {
      for (int kill = 0; kill < KILLS; kill++) {
        // Processing goes on for a random 1 to 4 s before each kill, so that the kills fall at
        // different points of it: between commits or inside a transaction.
        Pause.deliberately(
            Duration.ofMillis(1000 + random.nextInt(3000)), "kill at a random moment");
        child.kill();
        long killed = System.nanoTime();
        killedAt.add(killed);
        firstNew.markEnd();
        child.start();
        lastRestart = System.nanoTime();
        long runningMs = (System.nanoTime() - killed) / 1_000_000;
        // The probe waits behind the backlog in its partition: its time includes the drain, so
        // it is a figure to read, not a bound on the restart. The next kill does not wait for
        // it, so that every kill comes while requests flow.
        probes.send(null, PROBES.encode(probe(probeIds.get(kill))));
        // Resumed: the first answer the restarted instance commits, whichever request it
        // answers (at scale one of the backlog's, long before the probe's turn; the probe's own
        // when nothing else is left).
        firstNew.await(Duration.ofSeconds(60));
        long resumed = (System.nanoTime() - killed) / 1_000_000;
        resumedMs.add(resumed);
        System.out.printf(
            "%s: kill %d, running again after %d ms, processing again (first answer committed)"
                + " after %d ms%n",
            store, kill + 1, runningMs, resumed);
      }
    }
    // Static membership: the restarted instance takes its place without waiting for the killed
    // one's session to expire (45 s by default; 10 s here), and its first transaction commits
    // soon after: the start, the rebalance, restoring its stores and one commit interval.
    assertThat(resumedMs).allMatch(ms -> ms < 30_000);
    sender.join(120_000L * SCALE);
    assertThat(senderFailure.get()).isNull();

    Answers answers;
    try (collector) {
      answers = collecting.get();
      System.out.printf(
          "%s: %d answers, the last %d ms after the last request was sent (the last restart: %d"
              + " ms after it)%n",
          store,
          answers.total(),
          (answers.lastArrivalNanos() - lastSent.get()) / 1_000_000,
          (lastRestart - lastSent.get()) / 1_000_000);
      collector.readOn(answers, answered, Duration.ofSeconds(2));
    }
    for (int kill = 0; kill < KILLS; kill++) {
      Long arrived = answers.arrivalNanos().get(probeIds.get(kill));
      System.out.printf(
          "%s: kill %d, a new request answered after %s ms%n",
          store,
          kill + 1,
          arrived == null ? "(never)" : (arrived - killedAt.get(kill)) / 1_000_000);
    }
    assertThat(missing(answers, answered))
        .as("requests without an answer (%s)", lostReport(answers, requests, answered))
        .isEmpty();
    assertThat(answers.unidentified()).hasSize(unidentified);
    // 143: the JVM's exit status after SIGTERM, once the shutdown hook closed Streams.
    assertThat(child.stop()).isIn(0, 143);

    assertThat(answers.duplicates()).as("requests answered twice").isZero();
    Map<Expected, Integer> expectedCounts = workload.expectedCounts();
    expectedCounts.merge(Expected.CREATED, KILLS, Integer::sum);
    assertThat(answers.countsByOutcome()).isEqualTo(expectedCounts);
    assertThat(answers.rejectionsByReason()).isEqualTo(workload.expectedRejections());
    answers
        .entries()
        .forEach(
            (requestId, entry) ->
                assertThat(entry.getOutcome().name())
                    .as("answer to %s", requestId)
                    .isEqualTo(expected.get(requestId).name()));

    // One change event per CREATED or UPDATED, revisions 1, 2, 3, ... per entry, none twice.
    int created = expectedCounts.get(Expected.CREATED);
    int updated = expectedCounts.get(Expected.UPDATED);
    assertThat(answers.changes()).hasSize(created + updated);
    Map<String, Integer> lastRevision = new HashMap<>();
    for (ConfigChange change : answers.changes()) {
      int before = lastRevision.getOrDefault(change.getEntryId(), 0);
      assertThat(change.getRevisionFrom())
          .as("change of %s", change.getEntryId())
          .isEqualTo(before);
      assertThat(change.getRevisionTo()).isEqualTo(before + 1);
      lastRevision.put(change.getEntryId(), change.getRevisionTo());
    }
    // Each UPDATED answer carries the revision and hash its change event carries.
    Map<String, ConfigChange> changeByRequest = new HashMap<>();
    answers.changes().forEach(c -> changeByRequest.put(c.getRequestId(), c));
    answers
        .entries()
        .forEach(
            (requestId, entry) -> {
              ConfigChange change = changeByRequest.get(requestId);
              if (change != null) {
                assertThat(entry.getRevision()).isEqualTo(change.getRevisionTo());
                assertThat(entry.getContentHash()).isEqualTo(change.getHashTo());
              }
            });

    if (store.equals("redis")) {
      assertRedisHoldsTheCommittedRegistry(applicationId, lastRevision, child.wholeLog());
    }
  }

  private static Set<String> missing(Answers answers, Set<String> ids) {
    Set<String> missing = new TreeSet<>(ids);
    missing.removeAll(answers.entries().keySet());
    missing.removeAll(answers.deadLetters().keySet());
    return missing;
  }

  /**
   * Why requests have no answer: one whose title has a later answer was most likely compacted away
   * (a change event, on its uncompacted topic, proves a CREATED or UPDATED was written); one that
   * is the last of its title and has no change event was never answered at all.
   */
  private static String lostReport(
      Answers answers, List<WorkloadRequest> requests, Set<String> ids) {
    Set<String> missing = missing(answers, ids);
    if (missing.isEmpty()) {
      return "none";
    }
    Set<String> changed = new HashSet<>();
    answers.changes().forEach(c -> changed.add(c.getRequestId()));
    Map<String, Integer> lastIndexOfKey = new HashMap<>();
    Map<String, Integer> indexOfId = new HashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      WorkloadRequest r = requests.get(i);
      lastIndexOfKey.put(Arrays.toString(r.key()), i);
      if (r.requestId() != null) {
        indexOfId.put(r.requestId(), i);
      }
    }
    int superseded = 0;
    int withChange = 0;
    List<String> lastOfTitle = new ArrayList<>();
    List<String> probes = new ArrayList<>();
    for (String id : missing) {
      if (!indexOfId.containsKey(id)) {
        probes.add(id);
        continue;
      }
      WorkloadRequest r = requests.get(indexOfId.get(id));
      if (changed.contains(id)) {
        withChange++;
      }
      if (lastIndexOfKey.get(Arrays.toString(r.key())) > indexOfId.get(id)) {
        superseded++;
      } else {
        int partition = Utils.toPositive(Utils.murmur2(r.key())) % 3;
        lastOfTitle.add(id + " (" + r.expected() + ", requests partition " + partition + ")");
      }
    }
    return String.format(
        "%d missing: probes %s; %d have a later request of the same title, %d have a change"
            + " event; the last of their title: %s",
        missing.size(),
        probes,
        superseded,
        withChange,
        lastOfTitle.subList(0, Math.min(20, lastOfTitle.size())));
  }

  private static GenerationRequest probe(String id) {
    return GenerationRequest.newBuilder()
        .setRequestId(id)
        .setTitle(id)
        .setScope("GOV")
        .setType("RULES")
        .setContext(Map.of())
        .build();
  }

  private static void assertRedisHoldsTheCommittedRegistry(
      String applicationId, Map<String, Integer> lastRevision, String log) {
    RedisKeys keys = RedisKeys.of(applicationId, "entries");
    RedisClient client = RedisClient.create(REDIS.server().url());
    try (StatefulRedisConnection<byte[], byte[]> connection =
        client.connect(ByteArrayCodec.INSTANCE)) {
      var redis = connection.sync();
      for (Map.Entry<String, Integer> e : lastRevision.entrySet()) {
        RegistryEntry stored = ENTRIES.decode(redis.get(keys.entry(e.getKey())));
        assertThat(stored.getRevision())
            .as("revision of %s in Redis", e.getKey())
            .isEqualTo(e.getValue());
        assertThat(new String(redis.get(keys.index(stored.getDedupKey())))).isEqualTo(e.getKey());
      }
      // The final clean stop committed every task's store: no undo information is left.
      var undo = redis.scan(ScanArgs.Builder.matches(keys.prefix() + ":task:*:undo").limit(1000));
      assertThat(undo.getKeys()).isEmpty();
    } finally {
      client.shutdown();
    }
    // The kills did leave writes behind that a restart had to roll back.
    Matcher m = Pattern.compile("rolled back (\\d+) key").matcher(log);
    long rolledBack = 0;
    while (m.find()) {
      rolledBack += Long.parseLong(m.group(1));
    }
    assertThat(rolledBack).as("keys rolled back after kills").isPositive();
  }
}
