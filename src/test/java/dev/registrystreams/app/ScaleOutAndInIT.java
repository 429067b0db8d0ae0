package dev.registrystreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.topology.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second instance joins while requests flow, and then one of the two leaves: the tasks move
 * between them twice, and every request still gets exactly its one right answer.
 */
class ScaleOutAndInIT {

  @TempDir Path dir;

  @Test
  void anInstanceAddedAndOneRemovedMidWorkloadLoseAndDuplicateNothing() throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("scale");
    TopicNames topics = RunTopics.of(run);
    Properties client = RunTopics.sharedBrokerClient();
    MixedWorkload workload =
        MixedWorkload.generate(new MixedWorkload.Shape(1500, 1000, 700, 100, 19), run);
    List<WorkloadRequest> requests = workload.requests();
    int third = requests.size() / 3;

    ChildApp first = instance(run, topics, "a");
    ChildApp second = instance(run, topics, "b");
    first.start(); // creates the topics
    try (RequestSender out = new RequestSender(client, topics.requests());
        AnswerCollector collector = new AnswerCollector(client, topics)) {
      out.sendAll(requests.subList(0, third));
      second.start(); // joins: a rebalance moves half of the tasks to it
      out.sendAll(requests.subList(third, 2 * third));
      // Some of the second third answered, so the new instance has taken part before it leaves.
      Set<String> middle = ids(requests.subList(third, third + 100));
      assertThat(collector.collect(middle, 0, Duration.ofSeconds(90)).total())
          .isGreaterThanOrEqualTo(middle.size());
      assertThat(first.stop()).isIn(0, 143); // leaves: its tasks move to the second
      out.sendAll(requests.subList(2 * third, requests.size()));

      int unidentified = (int) requests.stream().filter(r -> r.requestId() == null).count();
      try (AnswerCollector all = new AnswerCollector(client, topics)) {
        Answers answers = all.collect(ids(requests), unidentified, Duration.ofSeconds(120));
        Answers more = all.collect(Set.of("none"), Integer.MAX_VALUE, Duration.ofSeconds(2));
        assertThat(more.entries()).isEmpty();
        assertThat(answers.duplicates()).as("requests answered twice").isZero();
        assertThat(answers.countsByOutcome()).isEqualTo(workload.expectedCounts());
        assertThat(answers.rejectionsByReason()).isEqualTo(workload.expectedRejections());
      }
      assertThat(second.stop()).isIn(0, 143);
    } finally {
      for (ChildApp child : List.of(first, second)) {
        if (child.alive()) {
          child.kill();
        }
      }
    }
  }

  private ChildApp instance(String run, TopicNames topics, String name) throws Exception {
    Path log = Path.of("target", "it-logs", run + "-" + name + ".log");
    Files.createDirectories(log.getParent());
    List<String> arguments =
        RunTopics.runArguments(
            SharedKafkaBroker.bootstrapServers(),
            run + "-app",
            topics,
            4,
            1,
            dir.resolve("state-" + name));
    return new ChildApp(arguments, log);
  }

  private static Set<String> ids(List<WorkloadRequest> requests) {
    Set<String> ids = new HashSet<>();
    requests.stream().filter(r -> r.requestId() != null).forEach(r -> ids.add(r.requestId()));
    return ids;
  }
}
