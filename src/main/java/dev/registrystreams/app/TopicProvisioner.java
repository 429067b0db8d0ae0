package dev.registrystreams.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * is the registry itself, one current record per dedup key, and every answer on it stays for an
 * hour first ({@link #ANSWER_KEPT_MS}). The config-changes topic keeps its events for {@link
 * AppConfig.TopicLayout#configChangesRetentionMs()} (forever by default): it is the audit log from
 * which every past revision is rebuilt. Topics that exist are left as they are.
 *
 * <p>Their partition count above all is never changed. Adding partitions to the requests topic
 * would make Kafka Streams refuse its existing repartition topic and changelog (which it sizes by
 * the requests topic) until the application is reset; adding them to the entries or config-changes
 * topic would move keys to other partitions, where compaction no longer replaces a key's old
 * records and {@code config get} no longer finds them. So when the layout asks for a count
 * explicitly ({@link AppConfig.TopicLayout#partitionsRequested()}), an existing topic with another
 * count is an error that names it; otherwise existing topics keep theirs.
 */
public final class TopicProvisioner {

  private static final long LEADER_POLL_MS = 50;

  /**
   * {@code min.compaction.lag.ms} of the entries topic: every answer stays readable for an hour
   * before compaction may replace it by a later answer for the same title. Request/reply clients
   * (generate, batch, bench) read their answers from this topic; without the lag, one that fell a
   * segment behind could find its answer compacted away.
   */
  static final long ANSWER_KEPT_MS = 3_600_000;

  private final Admin admin;
  private final long timeoutMs;

  public TopicProvisioner(Admin admin, long timeoutMs) {
    this.admin = admin;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Creates whichever of the topics do not exist yet and waits until every partition of those has a
   * leader; returns the names it created.
   *
   * @throws StartupException when Kafka cannot be asked or the topics cannot be created, and when
   *     the layout requests a partition count that topics which exist do not have
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
      if (config.topicLayout().partitionsRequested()) {
        requirePartitions(
            config.topics().all().stream().filter(existing::contains).toList(),
            config.topicLayout().partitions());
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
      throw new StartupException(
          "cannot create topics: " + Objects.requireNonNullElse(e.getCause(), e).getMessage(), e);
    } catch (TimeoutException e) {
      throw new StartupException("timed out creating topics after " + timeoutMs + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while creating topics", e);
    }
  }

  /** Refuses, in one line naming each, topics that exist with another partition count. */
  private void requirePartitions(List<String> topics, int requested)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    Map<String, TopicDescription> described =
        admin.describeTopics(topics).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
    List<String> others = new ArrayList<>();
    for (String topic : topics) {
      // allTopicNames() holds every topic asked about, or fails.
      int count = Objects.requireNonNull(described.get(topic), topic).partitions().size();
      if (count != requested) {
        others.add(topic + " has " + count + (count == 1 ? " partition" : " partitions"));
      }
    }
    if (!others.isEmpty()) {
      throw new StartupException(
          "topic "
              + String.join(", topic ", others)
              + ", not the "
              + requested
              + " that --partitions asks for; the application never changes the partitions of an"
              + " existing topic: leave --partitions out to run with the topics as they are");
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
      topic.configs(
          Map.of(
              TopicConfig.CLEANUP_POLICY_CONFIG,
              TopicConfig.CLEANUP_POLICY_COMPACT,
              TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
              Long.toString(ANSWER_KEPT_MS)));
    } else if (name.equals(config.topics().configChanges())) {
      topic.configs(
          Map.of(
              TopicConfig.RETENTION_MS_CONFIG, Long.toString(layout.configChangesRetentionMs())));
    }
    return topic;
  }
}
