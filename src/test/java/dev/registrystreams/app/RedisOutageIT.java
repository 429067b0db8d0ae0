package dev.registrystreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.registrystreams.LogCapture;
import dev.registrystreams.Pause;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.store.RedisKeys;
import dev.registrystreams.store.RedisServer;
import dev.registrystreams.store.RedisTier;
import dev.registrystreams.store.StoreHealth;
import dev.registrystreams.topology.RegistryCounts;
import dev.registrystreams.topology.RegistryTopology;
import dev.registrystreams.topology.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis goes away for 30 s while requests flow, then comes back (with its data: append-only file,
 * fsync always). Nothing is lost, nothing is answered twice, the stream threads survive, the outage
 * is logged once and reported by {@link RegistryStreamsApp#storeHealth()}, and processing resumes
 * by itself within seconds.
 */
class RedisOutageIT {

  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @TempDir Path stateDir;

  @Test
  void processingWaitsOutARedisOutageWithoutLossOrDuplicates() throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("outage");
    TopicNames topics = RunTopics.of(run);
    Properties client = RunTopics.sharedBrokerClient();
    LogCapture healthLog = LogCapture.of(StoreHealth.class).start();

    try (RedisServer redis = RedisServer.start(new RedisServer.Options(null, false, true))) {
      AppConfig config = config(run, topics, redis);
      MixedWorkload workload = workload(run, 11);
      List<WorkloadRequest> requests = workload.requests();

      try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60))) {
        AtomicReference<Throwable> senderFailure = new AtomicReference<>();
        Thread sender =
            new Thread(
                () -> {
                  try (RequestSender out = new RequestSender(client, topics.requests())) {
                    int chunk = 50;
                    for (int i = 0; i < requests.size(); i += chunk) {
                      out.sendAll(requests.subList(i, Math.min(requests.size(), i + chunk)));
                      // The load comes over some 40 s, so that the outage falls in its middle.
                      Pause.deliberately(Duration.ofMillis(600), "pace the requests");
                    }
                  } catch (Throwable e) {
                    senderFailure.set(e);
                  }
                },
                "request-sender");
        sender.start();

        // Redis goes down once processing is under way, with most of the load still to come.
        await("the first answers before Redis goes down")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> answered(app) >= 200);
        redis.stop();
        long down = System.nanoTime();
        awaitHealth(app, StoreHealth.State.UNAVAILABLE, Duration.ofSeconds(10));
        assertThat(app.storeHealth().status().lastError()).isNotBlank();
        // The stream threads wait for Redis rather than die, all through the outage (the rest of
        // it: the wait for UNAVAILABLE was part of it).
        await("Kafka Streams running through the outage")
            .during(OUTAGE.minusNanos(System.nanoTime() - down))
            .atMost(OUTAGE.plusSeconds(10))
            .until(() -> app.streams().state().isRunningOrRebalancing());

        redis.start();
        long up = System.nanoTime();
        awaitHealth(app, StoreHealth.State.UP, Duration.ofSeconds(10));
        long healthyAfterMs = (System.nanoTime() - up) / 1_000_000;

        sender.join(120_000);
        assertThat(senderFailure.get()).isNull();
        Answers answers = collect(client, topics, requests);
        long answeredAfterMs = (System.nanoTime() - up) / 1_000_000;
        System.out.printf(
            "Redis back: health UP after %d ms, every answer in %d ms after Redis returned%n",
            healthyAfterMs, answeredAfterMs);

        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(answers.duplicates()).as("requests answered twice").isZero();
        assertThat(answers.countsByOutcome()).isEqualTo(workload.expectedCounts());
        assertThat(answers.rejectionsByReason()).isEqualTo(workload.expectedRejections());
        assertThat(healthyAfterMs).isLessThan(10_000);
      }
    }

    List<String> lines =
        healthLog.events().stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    assertThat(lines.stream().filter(l -> l.contains("is unavailable")))
        .as("outage lines in %s", lines)
        .hasSize(1);
    assertThat(lines.stream().filter(l -> l.contains("is available again"))).hasSize(1);
  }

  @Test
  void aRedisFrozenForThirtySecondsLosesAndDuplicatesNothing() throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("frozen");
    TopicNames topics = RunTopics.of(run);
    Properties client = RunTopics.sharedBrokerClient();
    try (RedisServer redis = RedisServer.start(new RedisServer.Options(null, false, true))) {
      AppConfig config = config(run, topics, redis);
      MixedWorkload workload = workload(run, 23);
      List<WorkloadRequest> requests = workload.requests();
      int split = requests.size() / 3;
      try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60));
          RequestSender out = new RequestSender(client, topics.requests())) {
        out.sendAll(requests.subList(0, split));
        redis.freeze();
        try {
          out.sendAll(requests.subList(split, requests.size()));
          awaitHealth(app, StoreHealth.State.UNAVAILABLE, Duration.ofSeconds(30));
          // The stream threads wait for Redis rather than die, all through the freeze.
          await("Kafka Streams running through the freeze")
              .during(OUTAGE)
              .atMost(OUTAGE.plusSeconds(10))
              .until(() -> app.streams().state().isRunningOrRebalancing());
        } finally {
          redis.thaw();
        }
        long thawed = System.nanoTime();
        awaitHealth(app, StoreHealth.State.UP, Duration.ofSeconds(30));
        Answers answers = collect(client, topics, requests);
        System.out.printf(
            "Redis frozen for %d s: every answer %d ms after it thawed%n",
            OUTAGE.toSeconds(), (System.nanoTime() - thawed) / 1_000_000);
        assertThat(answers.duplicates()).as("requests answered twice").isZero();
        assertThat(answers.countsByOutcome()).isEqualTo(workload.expectedCounts());
        assertThat(answers.rejectionsByReason()).isEqualTo(workload.expectedRejections());
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
      }
    }
  }

  @Test
  void aRedisRestartedEmptyIsNoticedAndEveryEntryRestoredFromTheChangelog() throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("data-loss");
    TopicNames topics = RunTopics.of(run);
    Properties client = RunTopics.sharedBrokerClient();
    LogCapture tierLog = LogCapture.of(RedisTier.class).start();

    // Not persistent: a restart comes back empty, as a Redis without a volume does.
    try (RedisServer redis = RedisServer.start(new RedisServer.Options(null, false, false))) {
      AppConfig config = config(run, topics, redis);
      MixedWorkload workload = workload(run, 13);
      List<WorkloadRequest> requests = workload.requests();
      List<WorkloadRequest> first = requests.subList(0, requests.size() / 2);
      byte[] settingsKey =
          RedisKeys.of(config.applicationId(), RegistryTopology.ENTRIES_STORE).settings();

      try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60));
          RequestSender out = new RequestSender(client, topics.requests())) {
        out.sendAll(first);
        Set<String> firstIds = new HashSet<>();
        first.stream().filter(r -> r.requestId() != null).forEach(r -> firstIds.add(r.requestId()));
        try (AnswerCollector collector = new AnswerCollector(client, topics)) {
          assertThat(collector.collect(firstIds, 0, Duration.ofSeconds(90)).total())
              .isGreaterThanOrEqualTo(firstIds.size());
        }

        redis.stop();
        redis.start();
        assertThat(redis.settings()).isNotNull();
        out.sendAll(requests.subList(first.size(), requests.size()));
        Answers answers = collect(client, topics, requests);

        // Nothing the first half created is answered CREATED again.
        assertThat(answers.duplicates()).as("requests answered twice").isZero();
        assertThat(answers.countsByOutcome()).isEqualTo(workload.expectedCounts());
        assertThat(answers.rejectionsByReason()).isEqualTo(workload.expectedRejections());
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        // generate's cache path finds the settings again.
        try (RedisTier check = RedisTier.connect(redis.settings())) {
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> check.read("settings", r -> r.get(settingsKey)) != null);
        }
      }
    }
    List<String> lost =
        tierLog.messages().stream().filter(line -> line.contains("lost its data")).toList();
    assertThat(lost)
        .hasSize(1)
        .allMatch(
            line ->
                line.endsWith(
                    "lost its data (a task's epoch key is gone): its tasks are reopened and their"
                        + " stores restored from the changelog, and the settings key is written"
                        + " again"));
  }

  /** Exactly-once with two stream threads over three partitions, the entries store in Redis. */
  private AppConfig config(String run, TopicNames topics, RedisServer redis) {
    return RunTopics.appConfig(
            run + "-app",
            topics,
            2,
            "exactly_once_v2",
            stateDir,
            3,
            Map.of("commit.interval.ms", "200"))
        .withEntryStore(AppConfig.EntryStore.redis(redis.settings()));
  }

  /** 1,500 titles, 1,000 duplicates, 700 updates and 100 bad records. */
  private static MixedWorkload workload(String run, long seed) {
    return MixedWorkload.generate(new MixedWorkload.Shape(1500, 1000, 700, 100, seed), run);
  }

  private static Answers collect(
      Properties client, TopicNames topics, List<WorkloadRequest> requests) {
    Set<String> ids = new HashSet<>();
    int unidentified = 0;
    for (WorkloadRequest request : requests) {
      if (request.requestId() == null) {
        unidentified++;
      } else {
        ids.add(request.requestId());
      }
    }
    try (AnswerCollector collector = new AnswerCollector(client, topics)) {
      Answers answers = collector.collect(ids, unidentified, Duration.ofSeconds(90));
      // A second answer would be committed right behind the first: read on a moment, so
      // that one counts in duplicates().
      collector.readOn(answers, ids, Duration.ofSeconds(2));
      return answers;
    }
  }

  private static void awaitHealth(
      RegistryStreamsApp app, StoreHealth.State state, Duration timeout) {
    await("store health " + state)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(app.storeHealth().state()).isEqualTo(state));
  }

  /** The answers the instance has written so far, whatever their outcome. */
  private static long answered(RegistryStreamsApp app) {
    return RegistryCounts.totals(app.streams().metrics()).answers().values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }
}
