package dev.registrystreams.cli;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.MixedWorkload;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.store.HotTierSettings;
import dev.registrystreams.topology.TopicNames;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** One command line run through {@link RegistryStreamsCli#execute}, and test fixtures. */
record CliRun(int exitCode, String out, String err) {

  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = RegistryStreamsCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** An application config on the shared broker with its own topics and application id. */
  static AppConfig appConfig(String name, Path stateDir) {
    TopicNames topics =
        new TopicNames(
            SharedKafkaBroker.uniqueTopic(name + "-requests"),
            SharedKafkaBroker.uniqueTopic(name + "-entries"),
            SharedKafkaBroker.uniqueTopic(name + "-changes"),
            SharedKafkaBroker.uniqueTopic(name + "-rejected"));
    return new AppConfig(
        SharedKafkaBroker.bootstrapServers(),
        SharedKafkaBroker.uniqueTopic(name + "-app"),
        topics,
        RegistrySchema.defaults(),
        2,
        "exactly_once_v2",
        stateDir,
        HotTierSettings.defaults(),
        true,
        new AppConfig.TopicLayout(2, (short) 1),
        Map.of("commit.interval.ms", "100"));
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
