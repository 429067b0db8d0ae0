package dev.registrystreams.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.http.HttpCalls;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.topology.TopicNames;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml started for real (docker-compose against podman's Docker API), its Kafka,
 * Redis and registry-streams services with the local images substituted through the variables the
 * file offers, and a mixed workload sent from the host into the stack's Kafka answered exactly.
 * Prometheus and Grafana are left out: their images cannot be had here.
 */
class ComposeStackIT {

  @Test
  void theStacksRegistryAnswersAWorkloadSentIntoItsKafka() throws Exception {
    ContainerImages.build();
    String project = "rs-compose-" + UUID.randomUUID().toString().substring(0, 8);
    int kafkaPort = freePort();
    int httpPort = freePort();
    Map<String, String> environment =
        Map.of(
            "KAFKA_IMAGE", ContainerImages.kafka(),
            "REDIS_IMAGE", ContainerImages.REDIS,
            "REGISTRY_STREAMS_IMAGE", ContainerImages.APPLICATION,
            "KAFKA_HOST_PORT", Integer.toString(kafkaPort),
            "REGISTRY_STREAMS_HTTP_HOST_PORT", Integer.toString(httpPort));
    try {
      compose(environment, project, "up", "-d", "--no-build", "kafka", "redis", "registry-streams");
      URI ready = URI.create("http://localhost:" + httpPort + "/health/ready");
      await("registry-streams in the stack ready")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(() -> HttpCalls.get(ready).statusCode() == 200);
      assertThat(HttpCalls.json(HttpCalls.get(ready)).get("store").get("tier").asText())
          .isEqualTo("Redis at redis://redis:6379");

      Properties client = new Properties();
      client.put("bootstrap.servers", "localhost:" + kafkaPort);
      MixedWorkload workload =
          MixedWorkload.generate(new MixedWorkload.Shape(600, 300, 200, 50, 3), project);
      List<WorkloadRequest> requests = workload.requests();
      Answers answers;
      try (AnswerCollector collector = new AnswerCollector(client, TopicNames.defaults());
          RequestSender sender = new RequestSender(client, TopicNames.defaults().requests())) {
        sender.sendAll(requests);
        answers =
            collector.collect(
                requests.stream()
                    .map(WorkloadRequest::requestId)
                    .filter(id -> id != null)
                    .collect(Collectors.toSet()),
                (int) requests.stream().filter(r -> r.requestId() == null).count(),
                Duration.ofSeconds(120));
      }
      ApplicationContainerIT.assertExactly(answers, workload);

      // The dashboard page the stack serves on localhost.
      var page = HttpCalls.get(URI.create("http://localhost:" + httpPort + "/"));
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<html");
    } finally {
      try {
        Path log = Path.of("target", "it-logs", project + ".log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, compose(environment, project, "logs", "--no-color"));
      } catch (RuntimeException | IOException e) {
        System.err.println("could not keep the stack's logs: " + e);
      }
      // Ryuk is off: the stack's containers, network and volumes go with it.
      compose(environment, project, "down", "-v", "--remove-orphans", "-t", "5");
    }
  }

  private static String compose(Map<String, String> environment, String project, String... args) {
    List<String> command = new ArrayList<>(List.of("docker-compose", "-f", "docker/compose.yaml"));
    command.addAll(List.of("-p", project));
    command.addAll(List.of(args));
    return ContainerImages.run(command, environment);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
