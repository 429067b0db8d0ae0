package dev.registrystreams.app;

import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.store.HotTierSettings;
import dev.registrystreams.topology.TopicNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The topics of one test run on the shared broker, client properties that reach it, the config of
 * an instance in this JVM or the {@code run} command line of one on them, and the options that name
 * them on any command line.
 */
public final class RunTopics {

  private RunTopics() {}

  /** {@code <run>-requests}, {@code <run>-entries}, {@code <run>-config-changes}, ... */
  public static TopicNames of(String run) {
    return of(run, "-");
  }

  /** {@code <run><separator>requests}, {@code <run><separator>entries}, ... */
  public static TopicNames of(String run, String separator) {
    return new TopicNames(
        run + separator + "requests",
        run + separator + "entries",
        run + separator + "config-changes",
        run + separator + "rejected");
  }

  /**
   * The config of an instance in this JVM on the shared broker: application {@code applicationId}
   * on {@code topics}, the default schema and hot tier, UNCHANGED answers emitted, and the topics
   * it creates given {@code partitions} partitions of one replica each.
   */
  public static AppConfig appConfig(
      String applicationId,
      TopicNames topics,
      int streamThreads,
      String processingGuarantee,
      Path stateDir,
      int partitions,
      Map<String, String> kafkaConfig) {
    return new AppConfig(
        SharedKafkaBroker.bootstrapServers(),
        applicationId,
        topics,
        RegistrySchema.defaults(),
        streamThreads,
        processingGuarantee,
        stateDir,
        HotTierSettings.defaults(),
        true,
        new AppConfig.TopicLayout(partitions, (short) 1),
        kafkaConfig);
  }

  /** The topics {@link #of} {@code run}, created on the shared broker with these partitions. */
  public static TopicNames create(String run, int partitions) {
    TopicNames topics = of(run);
    SharedKafkaBroker.createTopics(
        partitions, topics.requests(), topics.entries(), topics.configChanges(), topics.rejected());
    return topics;
  }

  /** Plain client properties for the shared broker. */
  public static Properties sharedBrokerClient() {
    Properties client = new Properties();
    client.put("bootstrap.servers", SharedKafkaBroker.bootstrapServers());
    return client;
  }

  /**
   * The arguments of a {@code run} on {@code bootstrap} with these topics, partitions, stream
   * threads and state dir, committing every 200 ms; {@code more} are appended.
   */
  public static List<String> runArguments(
      String bootstrap,
      String applicationId,
      TopicNames topics,
      int partitions,
      int streamThreads,
      Path stateDir,
      String... more) {
    List<String> arguments = topicArguments(bootstrap, applicationId, topics);
    arguments.addAll(
        List.of(
            "--partitions",
            Integer.toString(partitions),
            "--num-stream-threads",
            Integer.toString(streamThreads),
            "--state-dir",
            stateDir.toString(),
            "--kafka-config",
            "commit.interval.ms=200"));
    arguments.addAll(List.of(more));
    return arguments;
  }

  /**
   * {@code --bootstrap-servers} and the four topic options: where any command finds the registry on
   * these topics. A new list, for the caller to add to.
   */
  public static List<String> topicArguments(String bootstrap, TopicNames topics) {
    return new ArrayList<>(
        List.of(
            "--bootstrap-servers",
            bootstrap,
            "--requests-topic",
            topics.requests(),
            "--entries-topic",
            topics.entries(),
            "--config-changes-topic",
            topics.configChanges(),
            "--rejected-topic",
            topics.rejected()));
  }

  /**
   * The same with {@code --application-id} after {@code --bootstrap-servers}, for the commands that
   * act on the application itself: run, reset, and generate for its Redis lookups.
   */
  public static List<String> topicArguments(
      String bootstrap, String applicationId, TopicNames topics) {
    List<String> arguments = topicArguments(bootstrap, topics);
    arguments.addAll(2, List.of("--application-id", applicationId));
    return arguments;
  }
}
