package dev.registrystreams.cli;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RunTopics;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.topology.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** An application on the shared broker with topics of its own, and a workload answered by it. */
final class AppFixtures {

  private AppFixtures() {}

  /** An application config on the shared broker with its own topics and application id. */
  static AppConfig appConfig(String name, Path stateDir) {
    return appConfig(name, stateDir, Map.of());
  }

  /** The same, with more Kafka properties. */
  static AppConfig appConfig(String name, Path stateDir, Map<String, String> kafkaConfig) {
    TopicNames topics = topics(name);
    return RunTopics.appConfig(
        SharedKafkaBroker.uniqueTopic(name + "-app"),
        topics,
        2,
        "exactly_once_v2",
        stateDir,
        2,
        kafkaProperties(kafkaConfig));
  }

  /** Topics of their own on the shared broker, each a unique name from {@code name}. */
  static TopicNames topics(String name) {
    return new TopicNames(
        SharedKafkaBroker.uniqueTopic(name + "-requests"),
        SharedKafkaBroker.uniqueTopic(name + "-entries"),
        SharedKafkaBroker.uniqueTopic(name + "-changes"),
        SharedKafkaBroker.uniqueTopic(name + "-rejected"));
  }

  /** The options that point a client command at the cluster and topics of {@code config}. */
  static List<String> topicOptions(AppConfig config) {
    return RunTopics.topicArguments(config.bootstrapServers(), config.topics());
  }

  /**
   * The same with the application id of {@code config}: for reset, and generate's Redis lookups.
   */
  static List<String> applicationOptions(AppConfig config) {
    return RunTopics.topicArguments(
        config.bootstrapServers(), config.applicationId(), config.topics());
  }

  private static Map<String, String> kafkaProperties(Map<String, String> more) {
    Map<String, String> props = new java.util.HashMap<>(more);
    props.putIfAbsent("commit.interval.ms", "100");
    return props;
  }

  /** Sends a workload and waits for every answer. */
  static Answers sendAndAwait(AppConfig config, MixedWorkload workload) {
    Set<String> ids =
        workload.requests().stream()
            .map(WorkloadRequest::requestId)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    int undecodable = workload.requests().size() - ids.size();
    try (AnswerCollector collector =
            new AnswerCollector(config.clientProperties(), config.topics());
        RequestSender sender =
            new RequestSender(config.clientProperties(), config.topics().requests())) {
      sender.sendAll(workload.requests());
      Answers answers = collector.collect(ids, undecodable, Duration.ofSeconds(120));
      if (answers.total() != workload.requests().size()) {
        throw new AssertionError(
            "got " + answers.total() + " answers for " + workload.requests().size() + " requests");
      }
      return answers;
    }
  }
}
