package dev.registrystreams.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.jspecify.annotations.Nullable;

/**
 * Resets a Kafka Streams application the way Kafka's application-reset tool ({@code
 * kafka-streams-application-reset}) does, through the Admin API: the consumer group's offsets of
 * the input topics go to the earliest offsets, the internal topics (repartition and changelog) are
 * deleted together with the group's offsets on them, and so is the local state directory of the
 * application id, which the tool leaves to {@code KafkaStreams#cleanUp()}. Output topics are not
 * touched.
 *
 * <p>Like the tool, it refuses while the consumer group has members: the application must be
 * stopped. {@link #removeMembers} is the tool's {@code --force}.
 */
public final class ApplicationReset {

  /** One input partition: its committed offset (null when none) and where it is reset to. */
  public record PartitionReset(TopicPartition partition, @Nullable Long committed, long earliest) {}

  /**
   * Everything a reset does. {@code missingInputTopics} do not exist and are skipped; {@code
   * internalOffsets} are the group's committed offsets on the internal topics, deleted with them;
   * {@code localState} is null when there is no state directory for the application.
   */
  public record Plan(
      String applicationId,
      List<PartitionReset> offsets,
      List<String> missingInputTopics,
      List<String> internalTopics,
      Set<TopicPartition> internalOffsets,
      @Nullable Path localState) {}

  /** The consumer group still has members: some instance of the application is running. */
  public static final class ActiveGroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ActiveGroupException(String message) {
      super(message);
    }
  }

  private final Admin admin;
  private final Duration timeout;

  public ApplicationReset(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /** True when {@code applicationId} is a usable application.id ({@link ApplicationIds}). */
  public static boolean isValidApplicationId(String applicationId) {
    return ApplicationIds.isValid(applicationId);
  }

  /** The members of the application's consumer group; empty when the group has none. */
  public List<MemberDescription> members(String applicationId) {
    try {
      // The result holds a future for every group asked about.
      ConsumerGroupDescription group =
          get(
              Objects.requireNonNull(
                  admin
                      .describeConsumerGroups(Set.of(applicationId))
                      .describedGroups()
                      .get(applicationId),
                  applicationId));
      return List.copyOf(group.members());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return List.of();
      }
      throw failure("cannot describe consumer group " + applicationId, e);
    }
  }

  /**
   * Removes every member of the group (the tool's {@code --force}), for instances that were stopped
   * without leaving the group; returns how many there were.
   */
  public int removeMembers(String applicationId) {
    List<MemberDescription> members = members(applicationId);
    if (members.isEmpty()) {
      return 0;
    }
    try {
      get(
          admin
              .removeMembersFromConsumerGroup(
                  applicationId, new RemoveMembersFromConsumerGroupOptions())
              .all());
    } catch (ExecutionException e) {
      // A member may have left by itself in the meantime.
      if (!(e.getCause() instanceof UnknownMemberIdException)
          && !(e.getCause() != null
              && e.getCause().getCause() instanceof UnknownMemberIdException)) {
        throw failure("cannot remove the members of consumer group " + applicationId, e);
      }
    }
    return members.size();
  }

  /**
   * Works out what a reset of {@code applicationId} does, changing nothing.
   *
   * @param requireStopped whether a group with members is an error (false only to show what a
   *     forced reset would do)
   * @throws ActiveGroupException when the consumer group has members and that is an error
   */
  public Plan plan(
      String applicationId, List<String> inputTopics, Path stateDir, boolean requireStopped) {
    if (requireStopped) {
      requireStopped(applicationId);
    }
    try {
      Set<String> topics = get(admin.listTopics().names());
      List<String> present = inputTopics.stream().filter(topics::contains).toList();
      List<String> missing = inputTopics.stream().filter(t -> !topics.contains(t)).toList();

      List<TopicPartition> partitions = new ArrayList<>();
      if (!present.isEmpty()) {
        Map<String, TopicDescription> described =
            get(admin.describeTopics(present).allTopicNames());
        for (String topic : present) {
          // allTopicNames() holds every topic asked about, or fails.
          Objects.requireNonNull(described.get(topic), topic)
              .partitions()
              .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
      }
      Map<TopicPartition, OffsetSpec> earliestSpec = new HashMap<>();
      partitions.forEach(p -> earliestSpec.put(p, OffsetSpec.earliest()));
      Map<TopicPartition, ListOffsetsResultInfo> earliest =
          partitions.isEmpty() ? Map.of() : get(admin.listOffsets(earliestSpec).all());
      Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(applicationId);

      List<PartitionReset> offsets = new ArrayList<>();
      for (TopicPartition p : partitions) {
        OffsetAndMetadata c = committed.get(p);
        // listOffsets answers for every partition asked about.
        long first = Objects.requireNonNull(earliest.get(p), "no earliest offset").offset();
        offsets.add(new PartitionReset(p, c == null ? null : c.offset(), first));
      }
      offsets.sort(
          Comparator.comparing((PartitionReset r) -> r.partition().topic())
              .thenComparingInt(r -> r.partition().partition()));

      List<String> internal =
          topics.stream().filter(t -> isInternalTopic(applicationId, t)).sorted().toList();
      Set<TopicPartition> internalOffsets = new java.util.HashSet<>();
      committed.keySet().stream()
          .filter(p -> internal.contains(p.topic()))
          .forEach(internalOffsets::add);
      Path local = stateDir.resolve(applicationId);
      return new Plan(
          applicationId,
          offsets,
          missing,
          internal,
          Set.copyOf(internalOffsets),
          Files.isDirectory(local) ? local : null);
    } catch (ExecutionException e) {
      throw failure("cannot plan the reset of " + applicationId, e);
    }
  }

  /**
   * Carries out a plan: commits the earliest offsets for the group, deletes the internal topics
   * (waiting until they are gone) and the local state directory.
   *
   * @throws ActiveGroupException when an instance started since the plan was made
   */
  public void execute(Plan plan) {
    String group = plan.applicationId();
    requireStopped(group);
    try {
      if (!plan.offsets().isEmpty()) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        plan.offsets()
            .forEach(r -> offsets.put(r.partition(), new OffsetAndMetadata(r.earliest())));
        try {
          get(admin.alterConsumerGroupOffsets(group, offsets).all());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof GroupNotEmptyException
              || e.getCause() instanceof UnknownMemberIdException) {
            throw new ActiveGroupException(activeMessage(group, members(group)));
          }
          throw e;
        }
      }
      if (!plan.internalOffsets().isEmpty()) {
        // The broker drops the offsets of a deleted topic only eventually; a restart that finds
        // them on the recreated repartition topic would skip its first records. So: first.
        get(admin.deleteConsumerGroupOffsets(group, plan.internalOffsets()).all());
      }
      if (!plan.internalTopics().isEmpty()) {
        get(admin.deleteTopics(plan.internalTopics()).all());
        awaitDeleted(plan.internalTopics());
      }
    } catch (ExecutionException e) {
      throw failure("cannot reset " + group, e);
    }
    if (plan.localState() != null) {
      deleteRecursively(plan.localState());
    }
  }

  /** Kafka's own rule (StreamsResetter) for topics Kafka Streams creates for an application. */
  static boolean isInternalTopic(String applicationId, String topic) {
    return topic.startsWith(applicationId + "-") && hasInternalTopicSuffix(topic);
  }

  private static boolean hasInternalTopicSuffix(String topic) {
    return topic.endsWith("-changelog")
        || topic.endsWith("-repartition")
        || topic.endsWith("-subscription-registration-topic")
        || topic.endsWith("-subscription-response-topic")
        || topic.matches(".+-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-\\d+-topic")
        || topic.matches(".+-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-\\d+-topic");
  }

  private void requireStopped(String applicationId) {
    List<MemberDescription> members = members(applicationId);
    if (!members.isEmpty()) {
      throw new ActiveGroupException(activeMessage(applicationId, members));
    }
  }

  private static String activeMessage(String group, Collection<MemberDescription> members) {
    List<String> hosts = members.stream().map(MemberDescription::host).distinct().sorted().toList();
    return "consumer group "
        + group
        + " still has "
        + members.size()
        + (members.size() == 1 ? " member" : " members")
        + (hosts.isEmpty() ? "" : " (on " + String.join(", ", hosts) + ")")
        + ": stop every instance of the application first (an instance that crashed or uses"
        + " static membership stays a member until its session times out; --force removes it)";
  }

  private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group)
      throws ExecutionException {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
      Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
      offsets.forEach(
          (p, o) -> {
            if (o != null) {
              out.put(p, o);
            }
          });
      return out;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw e;
    }
  }

  private void awaitDeleted(List<String> topics) throws ExecutionException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Set<String> left = get(admin.listTopics().names());
      if (topics.stream().noneMatch(left::contains)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "internal topics were not deleted within " + timeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topics to be deleted", e);
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete local state " + dir + ": " + e.getMessage(), e);
    }
  }

  private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) throws ExecutionException {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not answer within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static IllegalStateException failure(String what, ExecutionException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return new IllegalStateException(what + ": " + cause.getMessage(), cause);
  }
}
