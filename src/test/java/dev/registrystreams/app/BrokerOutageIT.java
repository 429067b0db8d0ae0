package dev.registrystreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.embedded.EmbeddedKafkaBroker;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.topology.TopicNames;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker, outside the application's JVM, stops for 30 s in the middle of a workload and comes
 * back: every request still gets exactly its one right answer, and processing resumes by itself.
 */
class BrokerOutageIT {

  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void aBrokerStoppedForThirtySecondsLosesAndDuplicatesNothing() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path brokerData = dir.resolve("broker");
    TopicNames topics =
        new TopicNames("outage-requests", "outage-entries", "outage-changes", "outage-rejected");
    MixedWorkload workload =
        MixedWorkload.generate(new MixedWorkload.Shape(1500, 1000, 700, 100, 17), "outage");
    List<WorkloadRequest> requests = workload.requests();
    int split = requests.size() / 3;
    Path log = Path.of("target", "it-logs", "broker-outage-" + port + ".log");
    Files.createDirectories(log.getParent());

    EmbeddedKafkaBroker broker = broker(port, brokerData);
    String bootstrap = broker.bootstrapServers();
    Properties client = new Properties();
    client.put("bootstrap.servers", bootstrap);
    ChildApp child =
        new ChildApp(
            RunTopics.runArguments(bootstrap, "outage-app", topics, 3, 2, dir.resolve("state")),
            log);
    try {
      child.start();
      try (RequestSender out = new RequestSender(client, topics.requests())) {
        out.sendAll(requests.subList(0, split));
      }
      try (AnswerCollector collector = new AnswerCollector(client, topics)) {
        Set<String> early = ids(requests.subList(0, 200));
        assertThat(collector.collect(early, 0, Duration.ofSeconds(60)).total())
            .isGreaterThanOrEqualTo(early.size());
      }

      broker.close();
      // The application waits the outage out: alive all along, no restart needed.
      Awaitility.await("the application alive through the outage")
          .during(OUTAGE)
          .atMost(OUTAGE.plusSeconds(10))
          .until(child::alive);
      broker = broker(port, brokerData);
      long up = System.nanoTime();

      // One request right after the restart: how long until the application answers again.
      WorkloadRequest probe = requests.get(split);
      try (RequestSender out = new RequestSender(client, topics.requests())) {
        out.sendAll(List.of(probe));
        long resumedMs;
        try (AnswerCollector collector = new AnswerCollector(client, topics)) {
          assertThat(
                  collector.collect(Set.of(probe.requestId()), 0, Duration.ofSeconds(60)).total())
              .isEqualTo(1);
          resumedMs = (System.nanoTime() - up) / 1_000_000;
        }
        System.out.printf(
            "broker outage: %d s down, first answer %d ms after the broker was back%n",
            OUTAGE.toSeconds(), resumedMs);
        out.sendAll(requests.subList(split + 1, requests.size()));
      }

      Answers answers = collectAll(client, topics, requests);
      assertThat(answers.duplicates()).as("requests answered twice").isZero();
      assertThat(answers.countsByOutcome()).isEqualTo(workload.expectedCounts());
      assertThat(answers.rejectionsByReason()).isEqualTo(workload.expectedRejections());
      assertThat(Files.readString(log)).contains("Kafka Streams REBALANCING -> RUNNING");
      assertThat(child.stop()).isIn(0, 143);
    } finally {
      if (child.alive()) {
        child.kill();
      }
      broker.close();
    }
  }

  private static EmbeddedKafkaBroker broker(int port, Path data) {
    return EmbeddedKafkaBroker.builder().port(port).logDir(data).start();
  }

  private static Set<String> ids(List<WorkloadRequest> requests) {
    Set<String> ids = new HashSet<>();
    requests.stream().filter(r -> r.requestId() != null).forEach(r -> ids.add(r.requestId()));
    return ids;
  }

  private static Answers collectAll(
      Properties client, TopicNames topics, List<WorkloadRequest> requests) {
    int unidentified = (int) requests.stream().filter(r -> r.requestId() == null).count();
    try (AnswerCollector collector = new AnswerCollector(client, topics)) {
      Answers answers = collector.collect(ids(requests), unidentified, Duration.ofSeconds(120));
      // A second answer would be committed right behind the first: read on a moment, so
      // that one counts in duplicates().
      collector.readOn(answers, ids(requests), Duration.ofSeconds(2));
      return answers;
    }
  }
}
