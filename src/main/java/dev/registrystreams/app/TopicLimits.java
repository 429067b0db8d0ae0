package dev.registrystreams.app;

import dev.registrystreams.topology.RegistryTopology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jspecify.annotations.Nullable;

/**
 * The largest record each topic the application writes to accepts ({@code max.message.bytes}), read
 * from the cluster at start-up, so that the processors dead-letter a request whose answer a topic
 * would refuse instead of sending it. An internal topic that Kafka Streams has not created yet gets
 * the broker's {@code message.max.bytes}, as it will.
 */
final class TopicLimits {

  private static final String BROKER_MAX_MESSAGE_BYTES = "message.max.bytes";

  private TopicLimits() {}

  /** Topic name to its limit in bytes; topics whose limit cannot be read are left out. */
  static Map<String, Integer> read(Admin admin, AppConfig config, long timeoutMs)
      throws ExecutionException, InterruptedException, TimeoutException {
    List<String> outputs =
        List.of(
            config.topics().entries(),
            config.topics().configChanges(),
            config.topics().rejected(),
            RegistryTopology.repartitionTopic(config.applicationId()),
            RegistryTopology.changelogTopic(config.applicationId()));
    Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
    List<ConfigResource> resources = new ArrayList<>();
    for (String topic : outputs) {
      if (existing.contains(topic)) {
        resources.add(new ConfigResource(ConfigResource.Type.TOPIC, topic));
      }
    }
    Node broker =
        admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).stream()
            .findFirst()
            .orElse(null);
    ConfigResource brokerResource =
        broker == null ? null : new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
    if (brokerResource != null) {
      resources.add(brokerResource);
    }
    Map<ConfigResource, Config> configs =
        admin.describeConfigs(resources).all().get(timeoutMs, TimeUnit.MILLISECONDS);
    Integer brokerLimit =
        brokerResource == null
            ? null
            : value(configs.get(brokerResource), BROKER_MAX_MESSAGE_BYTES);
    Map<String, Integer> limits = new HashMap<>();
    for (String topic : outputs) {
      Config topicConfig = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
      Integer limit =
          topicConfig == null
              ? brokerLimit
              : value(topicConfig, TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      if (limit != null) {
        limits.put(topic, limit);
      }
    }
    return limits;
  }

  private static @Nullable Integer value(@Nullable Config config, String name) {
    ConfigEntry entry = config == null ? null : config.get(name);
    if (entry == null || entry.value() == null) {
      return null;
    }
    try {
      return Integer.valueOf(entry.value().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
