package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.registrystreams.app.RunTopics;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.RegistryReader;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.topology.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A mixed workload sent to a running registry and answered, and what the compacted entries topic
 * then holds: what the lookup ITs compare the HTTP answers with.
 *
 * @param current the current entry of every dedup key, read from the entries topic
 * @param answers the answer of every request
 */
public record LoadedRegistry(Map<String, RegistryEntry> current, Answers answers) {

  private static final EntryJson VIEW =
      new EntryJson(new com.fasterxml.jackson.databind.ObjectMapper());

  /** Sends {@code shape} to {@code topics}, waits for every answer and reads the entries topic. */
  public static LoadedRegistry load(TopicNames topics, MixedWorkload.Shape shape, String runId) {
    Properties client = RunTopics.sharedBrokerClient();
    List<WorkloadRequest> requests = MixedWorkload.generate(shape, runId).requests();
    Set<String> ids =
        requests.stream()
            .map(WorkloadRequest::requestId)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    int unidentified = (int) requests.stream().filter(r -> r.requestId() == null).count();
    Answers answers;
    try (RequestSender out = new RequestSender(client, topics.requests());
        AnswerCollector collector = new AnswerCollector(client, topics)) {
      out.sendAll(requests);
      answers = collector.collect(ids, unidentified, Duration.ofSeconds(120));
    }
    assertThat(answers.entries().size() + answers.deadLetters().size())
        .as("answered requests")
        .isEqualTo(ids.size());
    try (RegistryReader reader = new RegistryReader(client, topics, Duration.ofSeconds(60))) {
      return new LoadedRegistry(reader.currentEntries().byKey(), answers);
    }
  }

  /**
   * What a lookup must answer for {@code topic}, the entry's last record on the topic: the same
   * fields, except that the store keeps the request id and outcome of the request that made the
   * current revision (an UNCHANGED answer after it changes neither).
   */
  public JsonNode expected(RegistryEntry topic) {
    RegistryEntry change =
        answers.entries().values().stream()
            .filter(a -> a.getOutcome() != Outcome.UNCHANGED)
            .filter(a -> a.getDedupKey().equals(topic.getDedupKey()))
            .filter(a -> a.getRevision() == topic.getRevision())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no change answered " + topic.getId()));
    ObjectNode expected = VIEW.toJson(topic);
    expected.put("requestId", change.getRequestId().toString());
    expected.put("outcome", change.getOutcome().name());
    // As a client reads it: numbers as the parser types them.
    return HttpCalls.json(expected.toString());
  }
}
