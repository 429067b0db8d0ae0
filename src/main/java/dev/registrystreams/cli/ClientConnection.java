package dev.registrystreams.cli;

import dev.registrystreams.client.MissingTopicException;
import dev.registrystreams.topology.TopicNames;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * What a client command (one that talks to a running registry-streams through Kafka) needs from
 * {@link KafkaOptions}: the cluster, the topic names and the client properties. Also turns Kafka
 * client failures into one-line errors.
 */
public record ClientConnection(String bootstrapServers, TopicNames topics, Properties properties) {

  /**
   * The connection the options describe.
   *
   * @throws ParameterException (exit 2) when no bootstrap servers are given
   */
  public static ClientConnection of(KafkaOptions kafka, CommandSpec spec) {
    if (kafka.bootstrapServers == null || kafka.bootstrapServers.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "give --bootstrap-servers (or REGISTRY_STREAMS_BOOTSTRAP_SERVERS)");
    }
    Properties properties = new Properties();
    properties.put("bootstrap.servers", kafka.bootstrapServers);
    properties.putAll(kafka.kafkaProperties());
    return new ClientConnection(kafka.bootstrapServers, kafka.topics(), properties);
  }

  /**
   * Runs {@code work}, turning a missing topic, a timeout or another Kafka client error into a
   * one-line {@link UserException} (exit 1) that names the cluster.
   */
  public <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (MissingTopicException e) {
      throw new UserException(
          "topic "
              + e.topic()
              + " does not exist on "
              + bootstrapServers
              + "; is registry-streams running against it? (it creates its topics when it starts)");
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new UserException(
          "Kafka at " + bootstrapServers + " did not answer in time: " + e.getMessage());
    } catch (KafkaException e) {
      throw new UserException("Kafka client error against " + bootstrapServers + ": " + oneLine(e));
    }
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s*[\\r\\n]+\\s*", "; ");
  }
}
