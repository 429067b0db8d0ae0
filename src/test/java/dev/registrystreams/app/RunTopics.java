package dev.registrystreams.app;

import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.topology.TopicNames;
import java.util.Properties;

/** The topics of one test run on the shared broker, and client properties that reach it. */
public final class RunTopics {

  private RunTopics() {}

  /** {@code <run>-requests}, {@code <run>-entries}, {@code <run>-config-changes}, ... */
  public static TopicNames of(String run) {
    return new TopicNames(
        run + "-requests", run + "-entries", run + "-config-changes", run + "-rejected");
  }

  /** Plain client properties for the shared broker. */
  public static Properties sharedBrokerClient() {
    Properties client = new Properties();
    client.put("bootstrap.servers", SharedKafkaBroker.bootstrapServers());
    return client;
  }
}
