package dev.registrystreams.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.registrystreams.Pause;
import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.Expected;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.http.HttpCalls;
import dev.registrystreams.http.PrometheusText;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.topology.TopicNames;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The application image from docker/Dockerfile, run as a container against a Kafka container and a
 * Redis container: exact answers to a mixed workload, health and metrics on its HTTP port, its
 * non-root user and read-only root file system, the Grafana dashboard's metric names, and a SIGKILL
 * mid-workload with a new container on the same state volume.
 */
class ApplicationContainerIT {

  private static final String KAFKA_IN_NETWORK = "kafka:19092";

  private static Network network;
  private static KafkaContainer kafka;
  private static GenericContainer<?> redis;

  @BeforeAll
  static void startKafkaAndRedis() {
    ContainerImages.build();
    network = Network.newNetwork();
    kafka =
        new KafkaContainer(ContainerImages.kafkaImage())
            .withImagePullPolicy(image -> false)
            .withNetwork(network)
            .withListener(KAFKA_IN_NETWORK);
    redis =
        new GenericContainer<>(DockerImageName.parse(ContainerImages.REDIS))
            .withImagePullPolicy(image -> false)
            .withNetwork(network)
            .withNetworkAliases("redis")
            .withCommand("redis-server", "--appendonly", "yes")
            .withExposedPorts(6379)
            .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1));
    kafka.start();
    redis.start();
  }

  @AfterAll
  static void stopKafkaAndRedis() {
    ContainerImages.removeAll(redis, kafka, network);
  }

  @Test
  void answersAMixedWorkloadInRedisModeAndServesHealthAndMetricsAsANonRootUser() throws Exception {
    String run = run("redis");
    TopicNames topics = topics(run);
    try (ApplicationContainer app =
        new ApplicationContainer(network, run, KAFKA_IN_NETWORK, topics)
            .withEnv("REGISTRY_STREAMS_STORE", "redis")
            .withEnv("REGISTRY_STREAMS_REDIS_URL", "redis://redis:6379")) {
      try {
        app.start();

        // Its own user, a read-only root file system, and the state directory writable.
        assertThat(app.getContainerInfo().getConfig().getUser()).isEqualTo("10001:10001");
        assertThat(app.getContainerInfo().getHostConfig().getReadonlyRootfs()).isTrue();
        assertThat(exec(app, "stat -c %u:%g /proc/1").getStdout().trim()).isEqualTo("10001:10001");
        ExecResult write = exec(app, "touch /opt/registry-streams/x");
        assertThat(write.getExitCode()).isNotZero();
        assertThat(write.getStderr()).contains("Read-only file system");
        assertThat(exec(app, "touch /var/lib/registry-streams/x /tmp/x").getExitCode()).isZero();
        assertThat(exec(app, "printenv REGISTRY_STREAMS_STATE_DIR").getStdout().trim())
            .isEqualTo("/var/lib/registry-streams");

        JsonNode ready = HttpCalls.json(HttpCalls.get(app.url("/health/ready")));
        assertThat(ready.get("state").asText()).isEqualTo("RUNNING");
        assertThat(ready.get("store").get("tier").asText()).startsWith("Redis");
        assertThat(HttpCalls.get(app.url("/health/live")).statusCode()).isEqualTo(200);
        assertThat(HttpCalls.get(app.url("/health/started")).statusCode()).isEqualTo(200);

        MixedWorkload workload =
            MixedWorkload.generate(new MixedWorkload.Shape(1_200, 700, 400, 100, 13), run);
        Answers answers;
        try (AnswerCollector collector = new AnswerCollector(client(), topics);
            RequestSender sender = new RequestSender(client(), topics.requests())) {
          sender.sendAll(workload.requests());
          answers = collect(collector, workload.requests());
        }
        assertExactly(answers, workload);

        await("/metrics counting every answer")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () ->
                    assertThat(
                            PrometheusText.byLabel(
                                metrics(app), "registry_answers_total", "outcome"))
                        .isEqualTo(
                            Map.of(
                                "CREATED",
                                (long) workload.expectedCounts().get(Expected.CREATED),
                                "UPDATED",
                                (long) workload.expectedCounts().get(Expected.UPDATED),
                                "UNCHANGED",
                                (long) workload.expectedCounts().get(Expected.UNCHANGED))));
        Map<String, Long> letters =
            new TreeMap<>(
                PrometheusText.byLabel(metrics(app), "registry_dead_letters_total", "reason"));
        letters.values().removeIf(count -> count == 0);
        assertThat(letters)
            .isEqualTo(
                workload.expectedRejections().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue())));

        // Every metric the Grafana dashboard queries is one this application exports.
        Set<String> queried = DashboardQueries.metricNames();
        assertThat(queried).hasSizeGreaterThanOrEqualTo(10);
        await("every metric the dashboard queries on /metrics")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(
                () -> {
                  Set<String> exported = DashboardQueries.exportedNames(metrics(app));
                  assertThat(exported).containsAll(queried);
                });
      } finally {
        app.saveLog("");
      }
    }
  }

  @Test
  void aKilledContainerReplacedOnTheSameStateVolumeLosesAndDuplicatesNothing() throws Exception {
    String run = run("rocksdb");
    TopicNames topics = topics(run);
    String volume = run + "-state";
    var docker = org.testcontainers.DockerClientFactory.instance().client();
    docker.createVolumeCmd().withName(volume).exec();
    try {
      MixedWorkload workload =
          MixedWorkload.generate(new MixedWorkload.Shape(1_200, 700, 400, 100, 29), run);
      List<WorkloadRequest> requests = workload.requests();
      AtomicInteger sent = new AtomicInteger();
      AtomicReference<Throwable> senderFailure = new AtomicReference<>();
      Thread sender;
      Answers answers;
      try (ApplicationContainer first = rocksDb(run, topics, volume)) {
        try {
          first.start();
        } finally {
          first.saveLog("-first");
        }
        // Chunks paced over about ten seconds, so that the kill falls while requests flow.
        sender =
            new Thread(
                () -> {
                  try (RequestSender out = new RequestSender(client(), topics.requests())) {
                    for (int i = 0; i < requests.size(); i += 100) {
                      List<WorkloadRequest> chunk =
                          requests.subList(i, Math.min(requests.size(), i + 100));
                      out.sendAll(chunk);
                      sent.addAndGet(chunk.size());
                      Pause.deliberately(Duration.ofMillis(400), "pace the requests");
                    }
                  } catch (Throwable e) {
                    senderFailure.set(e);
                  }
                },
                "request-sender");
        try (AnswerCollector progress = new AnswerCollector(client(), topics)) {
          sender.start();
          // Kill once a third of the requests were answered, while the rest are still coming.
          AtomicInteger answered = new AtomicInteger();
          await("a third of the answers before the kill")
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofMillis(100))
              .until(
                  () -> {
                    // Each call reads on from where the last one stopped.
                    answered.addAndGet(
                        progress.collect(ids(requests), 0, Duration.ofMillis(200)).total());
                    return answered.get() >= requests.size() / 3;
                  });
          first.kill();
          // Mid-workload: answers were still owed when it died (and, unless the instance kept up
          // with the sender, requests were still to come).
          assertThat(answered.get()).as("answers before the kill").isLessThan(requests.size());
          System.out.printf(
              "killed after %d answers, %d of %d requests sent%n",
              answered.get(), sent.get(), requests.size());
        } finally {
          first.saveLog("-first");
        }
      }
      try (ApplicationContainer second = rocksDb(run, topics, volume)) {
        try {
          second.start();
          sender.join(120_000);
          assertThat(senderFailure.get()).isNull();
          try (AnswerCollector collector = new AnswerCollector(client(), topics)) {
            answers = collect(collector, requests);
            // Anything answered twice would arrive right behind the first answer.
            Answers more =
                collector.collect(Set.of("none"), Integer.MAX_VALUE, Duration.ofSeconds(2));
            assertThat(more.entries()).isEmpty();
          }
        } finally {
          second.saveLog("-second");
        }
      }
      assertExactly(answers, workload);
      // One change event per CREATED or UPDATED, revisions 1, 2, 3, ... per entry, none twice.
      assertThat(answers.changes())
          .hasSize(
              workload.expectedCounts().get(Expected.CREATED)
                  + workload.expectedCounts().get(Expected.UPDATED));
      Map<String, Integer> lastRevision = new HashMap<>();
      for (ConfigChange change : answers.changes()) {
        int before = lastRevision.getOrDefault(change.getEntryId(), 0);
        assertThat(change.getRevisionFrom())
            .as("change of %s", change.getEntryId())
            .isEqualTo(before);
        lastRevision.put(change.getEntryId(), change.getRevisionTo());
      }
    } finally {
      docker.removeVolumeCmd(volume).exec();
    }
  }

  private static ApplicationContainer rocksDb(String run, TopicNames topics, String volume) {
    return new ApplicationContainer(network, run, KAFKA_IN_NETWORK, topics)
        .withStateVolume(volume)
        // Static membership: the new container takes the killed one's place in the group at
        // once instead of after its session timed out.
        .withEnv("REGISTRY_STREAMS_GROUP_INSTANCE_ID", run)
        .withEnv("REGISTRY_STREAMS_KAFKA_CONFIG", "session.timeout.ms=10000");
  }

  private static Answers collect(AnswerCollector collector, List<WorkloadRequest> requests) {
    int undecodable = (int) requests.stream().filter(r -> r.requestId() == null).count();
    return collector.collect(ids(requests), undecodable, Duration.ofSeconds(180));
  }

  private static Set<String> ids(List<WorkloadRequest> requests) {
    return requests.stream()
        .map(WorkloadRequest::requestId)
        .filter(id -> id != null)
        .collect(Collectors.toSet());
  }

  static void assertExactly(Answers answers, MixedWorkload workload) {
    assertThat(answers.duplicates()).as("requests answered twice").isZero();
    assertThat(answers.countsByOutcome()).isEqualTo(workload.expectedCounts());
    assertThat(answers.rejectionsByReason()).isEqualTo(workload.expectedRejections());
    Map<String, Expected> expected = new HashMap<>();
    workload.requests().stream()
        .filter(r -> r.requestId() != null)
        .forEach(r -> expected.put(r.requestId(), r.expected()));
    answers
        .entries()
        .forEach(
            (requestId, entry) ->
                assertThat(entry.getOutcome().name())
                    .as("answer to %s", requestId)
                    .isEqualTo(expected.get(requestId).name()));
  }

  private static Properties client() {
    Properties client = new Properties();
    client.put("bootstrap.servers", kafka.getBootstrapServers());
    return client;
  }

  private static String run(String what) {
    return "container-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static TopicNames topics(String run) {
    return new TopicNames(
        run + "-requests", run + "-entries", run + "-config-changes", run + "-rejected");
  }

  private static ExecResult exec(ApplicationContainer app, String command) throws Exception {
    return app.execInContainer("sh", "-c", command);
  }

  private static String metrics(ApplicationContainer app) {
    var response = HttpCalls.get(app.url("/metrics"));
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The metric names in the Grafana dashboard's queries and on a /metrics page. */
  static final class DashboardQueries {

    // Names of the application's metrics: Kafka's, the application's own, the JVM's.
    private static final Pattern METRIC =
        Pattern.compile("\\b((?:kafka|registry|jvm|process)_[a-zA-Z0-9_]+)\\b");
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    private DashboardQueries() {}

    static Set<String> metricNames() throws Exception {
      JsonNode dashboard =
          HttpCalls.json(
              Files.readString(
                  ContainerImages.root()
                      .resolve("helm/registry-streams/dashboards/registry-streams.json")));
      Set<String> names = new java.util.TreeSet<>();
      List<String> expressions = new java.util.ArrayList<>();
      dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
      dashboard.findValues("definition").forEach(e -> expressions.add(e.asText()));
      assertThat(expressions).isNotEmpty();
      for (String expression : expressions) {
        Matcher matcher = METRIC.matcher(expression);
        int before = names.size();
        boolean any = false;
        while (matcher.find()) {
          names.add(matcher.group(1));
          any = true;
        }
        assertThat(any).as("a metric of the application in " + expression).isTrue();
        assertThat(names.size()).isGreaterThanOrEqualTo(before);
      }
      return names;
    }

    static Set<String> exportedNames(String page) {
      Set<String> names = new java.util.TreeSet<>();
      Matcher matcher = SAMPLE.matcher(page);
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
      return names;
    }
  }
}
