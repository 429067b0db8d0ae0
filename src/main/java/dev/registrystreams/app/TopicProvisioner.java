package dev.registrystreams.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the application's four topics when they are missing. The entries topic is compacted: it
 * is the registry itself, one current record per dedup key. The config-changes topic keeps its
 * events for {@link AppConfig.TopicLayout#configChangesRetentionMs()} (forever by default): it is
 * the audit log from which every past revision is rebuilt. Topics that exist are left as they are.
 */
public final class TopicProvisioner {

  private static final long LEADER_POLL_MS = 50;

  private final Admin admin;
  private final long timeoutMs;

  public TopicProvisioner(Admin admin, long timeoutMs) {
    this.admin = admin;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Creates whichever of the topics do not exist yet and waits until every partition of those has a
   * leader; returns the names it created.
   */
  public List<String> ensureTopics(AppConfig config) {
    try {
      Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : config.topics().all()) {
        if (!existing.contains(topic)) {
          missing.add(newTopic(topic, config));
        }
      }
      if (missing.isEmpty()) {
        return List.of();
      }
      try {
        admin.createTopics(missing).all().get(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        // Another instance may have created them at the same moment.
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      List<String> created = missing.stream().map(NewTopic::name).toList();
      awaitLeaders(created);
      return created;
    } catch (ExecutionException e) {
      throw new StartupException("cannot create topics: " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new StartupException("timed out creating topics after " + timeoutMs + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while creating topics", e);
    }
  }

  /**
   * A topic is created before its partitions have leaders; a producer that writes at once gets
   * NOT_LEADER_OR_FOLLOWER and retries, which an idempotent producer under load may not survive.
   */
  private void awaitLeaders(List<String> topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      try {
        Map<String, TopicDescription> described =
            admin.describeTopics(topics).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
        if (described.values().stream()
            .flatMap(topic -> topic.partitions().stream())
            .allMatch(partition -> partition.leader() != null)) {
          return;
        }
      } catch (ExecutionException e) {
        // Metadata may not know a topic created a moment ago; anything else is an error.
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions without a leader after " + timeoutMs + " ms");
      }
      Thread.sleep(LEADER_POLL_MS);
    }
  }

  private static NewTopic newTopic(String name, AppConfig config) {
    AppConfig.TopicLayout layout = config.topicLayout();
    NewTopic topic =
        new NewTopic(
            name,
            Optional.of(layout.partitions()),
            layout.replicationFactor() < 0
                ? Optional.empty()
                : Optional.of(layout.replicationFactor()));
    if (name.equals(config.topics().entries())) {
      topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    } else if (name.equals(config.topics().configChanges())) {
      topic.configs(
          Map.of(
              TopicConfig.RETENTION_MS_CONFIG, Long.toString(layout.configChangesRetentionMs())));
    }
    return topic;
  }
}
