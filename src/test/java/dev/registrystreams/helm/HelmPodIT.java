package dev.registrystreams.helm;

import static dev.registrystreams.helm.HelmChart.ci;
import static dev.registrystreams.helm.HelmChart.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.Expected;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.docker.ContainerImages;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.topology.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The chart's StatefulSet pod, as rendered, run with podman against a Kafka container: the image
 * built from docker/Dockerfile with the rendered command, arguments, environment (downward API
 * filled in), user, read-only root and mounts. Its probes, run as the kubelet runs them, pass; a
 * mixed workload is answered exactly; then the rendered reset Job's container resets the
 * application. The Redis mode's Deployment pod runs the same way against a Redis container. The
 * images are the container tests' own ({@link ContainerImages}), built once per test JVM.
 */
class HelmPodIT {

  static final String IMAGE_REPOSITORY = ContainerImages.APPLICATION_REPOSITORY;
  static final String IMAGE_TAG = ContainerImages.APPLICATION_TAG;
  private static final String KAFKA_IN_NETWORK = "kafka:19092";

  @TempDir static Path temp;

  private static Network network;
  private static KafkaContainer kafka;
  private static GenericContainer<?> redis;

  @BeforeAll
  static void buildImageAndStartKafka() throws Exception {
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
            .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1));
    kafka.start();
    redis.start();
  }

  @AfterAll
  static void stopKafka() {
    ContainerImages.removeAll(redis, kafka, network);
  }

  /** The values a user would give for this cluster, plus the image the test built. */
  private static String[] sets(String id, String... more) {
    List<String> sets =
        new java.util.ArrayList<>(
            List.of(
                "image.repository",
                IMAGE_REPOSITORY,
                "image.tag",
                IMAGE_TAG,
                "image.pullPolicy",
                "Never",
                "kafka.bootstrapServers",
                KAFKA_IN_NETWORK,
                "applicationId",
                id,
                "topics.requests",
                id + "-requests",
                "topics.entries",
                id + "-entries",
                "topics.configChanges",
                id + "-config-changes",
                "topics.rejected",
                id + "-rejected",
                "topics.partitions",
                "3",
                "streams.numStreamThreads",
                "2",
                "resources.limits.memory",
                "1536Mi"));
    sets.addAll(List.of(more));
    return sets.toArray(String[]::new);
  }

  @Test
  void renderedPodPassesItsProbesAnswersAWorkloadAndTheResetJobResetsIt() throws Exception {
    String id = "helm-it-" + UUID.randomUUID().toString().substring(0, 8);
    TopicNames topics =
        new TopicNames(id + "-requests", id + "-entries", id + "-config-changes", id + "-rejected");
    List<Map<String, Object>> objects = HelmChart.render(temp, ci("default"), sets(id));
    RenderedPod pod = new RenderedPod(one(objects, "StatefulSet"), objects, network, temp, id);
    try {
      try {
        pod.container.start();
        assertThat(pod.container.getContainerInfo().getConfig().getUser()).isEqualTo("10001:10001");
        assertThat(pod.container.getContainerInfo().getHostConfig().getReadonlyRootfs()).isTrue();

        // The kubelet: the startup probe until it passes, then readiness; liveness passes too.
        int startupAttempts =
            pod.probeUntilSuccess("startupProbe", pod.failureThreshold("startupProbe"));
        assertThat(startupAttempts).isLessThanOrEqualTo(pod.failureThreshold("startupProbe"));
        pod.probeUntilSuccess("readinessProbe", 30);
        assertThat(pod.probeOnce("livenessProbe")).isEqualTo(200);

        MixedWorkload workload =
            MixedWorkload.generate(new MixedWorkload.Shape(300, 150, 100, 30, 7), id);
        Answers answers;
        try (AnswerCollector collector = new AnswerCollector(client(), topics);
            RequestSender sender = new RequestSender(client(), topics.requests())) {
          sender.sendAll(workload.requests());
          answers = collect(collector, workload.requests());
        }
        assertExactly(answers, workload);
        assertThat(pod.probeOnce("readinessProbe")).isEqualTo(200);
        assertThat(pod.probeOnce("livenessProbe")).isEqualTo(200);

        // A lookup over HTTP, answered from the instance's own store under the application
        // server the chart gave it: the pod's DNS name through the headless Service.
        var entry = answers.entries().values().iterator().next();
        java.net.http.HttpResponse<String> lookup =
            java.net.http.HttpClient.newHttpClient()
                .send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(
                                "http://"
                                    + pod.container.getHost()
                                    + ":"
                                    + pod.container.getMappedPort(pod.containerPort("http"))
                                    + "/entries/"
                                    + entry.getId()))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(200);
        assertThat(lookup.body()).contains(entry.getId());
        assertThat(lookup.headers().firstValue("X-Registry-Served-By"))
            .hasValue("rs-registry-streams-0.rs-registry-streams-headless.registry.svc:8080");
        // Its state is on the claim's volume, as the pod's would be on its PersistentVolume.
        var ls = pod.container.execInContainer("ls", "/var/lib/registry-streams/" + id);
        assertThat(ls.getExitCode()).isZero();
      } finally {
        saveLog(id, pod);
        pod.container.stop();
      }

      // The reset Job as rendered for the same release with every instance stopped.
      List<Map<String, Object>> resetObjects =
          HelmChart.render(
              temp,
              ci("default"),
              sets(id, "replicaCount", "0", "reset.enabled", "true", "reset.force", "true"));
      RenderedPod job = new RenderedPod(one(resetObjects, "Job"), resetObjects, network, temp, id);
      job.container.withStartupCheckStrategy(
          new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(3)));
      try {
        job.container.start();
        assertThat(job.container.getLogs())
            .contains(
                "Application "
                    + id
                    + " is reset: its next start processes "
                    + topics.requests()
                    + " from the beginning.");
      } finally {
        Files.writeString(temp.resolve(id + "-reset.log"), job.container.getLogs());
        job.container.stop();
      }
      try (Admin admin = Admin.create(client())) {
        Map<TopicPartition, OffsetAndMetadata> offsets =
            admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata().get();
        assertThat(offsets.keySet())
            .extracting(TopicPartition::topic)
            .containsOnly(topics.requests());
        assertThat(offsets.values()).extracting(OffsetAndMetadata::offset).containsOnly(0L);
        assertThat(admin.listTopics().names().get())
            .doesNotContain(id + "-entries-changelog", id + "-requests-by-dedup-key-repartition");
      }
    } finally {
      pod.removeVolumes();
    }
  }

  @Test
  void renderedRedisModePodPassesItsProbesAndAnswersAWorkload() throws Exception {
    String id = "helm-it-redis-" + UUID.randomUUID().toString().substring(0, 8);
    TopicNames topics =
        new TopicNames(id + "-requests", id + "-entries", id + "-config-changes", id + "-rejected");
    List<Map<String, Object>> objects =
        HelmChart.render(
            temp,
            ci("redis"),
            sets(id, "redis.existingSecret.name", "", "redis.url", "redis://redis:6379/0"));
    RenderedPod pod = new RenderedPod(one(objects, "Deployment"), objects, network, temp, id);
    try {
      pod.container.start();
      assertThat(pod.container.getContainerInfo().getConfig().getUser()).isEqualTo("10001:10001");
      assertThat(pod.container.getContainerInfo().getHostConfig().getReadonlyRootfs()).isTrue();
      pod.probeUntilSuccess("startupProbe", pod.failureThreshold("startupProbe"));
      pod.probeUntilSuccess("readinessProbe", 30);
      assertThat(pod.probeOnce("livenessProbe")).isEqualTo(200);
      MixedWorkload workload =
          MixedWorkload.generate(new MixedWorkload.Shape(200, 100, 60, 20, 11), id);
      Answers answers;
      try (AnswerCollector collector = new AnswerCollector(client(), topics);
          RequestSender sender = new RequestSender(client(), topics.requests())) {
        sender.sendAll(workload.requests());
        answers = collect(collector, workload.requests());
      }
      assertExactly(answers, workload);
      // The entries are in Redis, under the application id: no volume was needed.
      var keys = redis.execInContainer("redis-cli", "--scan", "--pattern", id + ":entries:entry:*");
      assertThat(keys.getStdout().lines().count())
          .isEqualTo((long) workload.expectedCounts().get(Expected.CREATED));
    } finally {
      saveLog(id, pod);
      pod.container.stop();
    }
  }

  private static void saveLog(String id, RenderedPod pod) {
    try {
      Path log = Path.of("target", "it-logs", id + ".log");
      Files.createDirectories(log.getParent());
      Files.writeString(log, pod.container.getLogs());
    } catch (Exception e) {
      System.err.println("could not keep the log of " + id + ": " + e);
    }
  }

  private static Properties client() {
    Properties client = new Properties();
    client.put("bootstrap.servers", kafka.getBootstrapServers());
    return client;
  }

  private static Answers collect(AnswerCollector collector, List<WorkloadRequest> requests) {
    int undecodable = (int) requests.stream().filter(r -> r.requestId() == null).count();
    Set<String> ids =
        requests.stream()
            .map(WorkloadRequest::requestId)
            .filter(r -> r != null)
            .collect(Collectors.toSet());
    return collector.collect(ids, undecodable, Duration.ofSeconds(180));
  }

  private static void assertExactly(Answers answers, MixedWorkload workload) {
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
}
