package dev.registrystreams.http;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.topology.EntryKeyPartitioner;
import dev.registrystreams.topology.RegistryTopology;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance owns which partition of the entries store, from Kafka Streams' metadata (every
 * instance's {@code application.server}), with the partitioner the topology uses.
 */
final class EntryOwners {

  private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaStreams streams;
  private final AppConfig config;
  private final HostInfo self;
  private volatile int partitions;

  EntryOwners(KafkaStreams streams, AppConfig config) {
    this.streams = streams;
    this.config = config;
    this.self =
        config
            .applicationServer()
            .map(HostInfo::buildFromEndpoint)
            .orElseThrow(() -> new IllegalStateException("application.server is not set"));
  }

  /** This instance, as the others reach it. */
  HostInfo self() {
    return self;
  }

  /** The partition of an entry id and the instance whose active task holds it. */
  record Owner(int partition, HostInfo host) {}

  /** The owner of {@code id}'s partition; 503 while it has none (a rebalance). */
  // NOT_AVAILABLE is a sentinel instance, which Kafka Streams returns as it is.
  @SuppressWarnings("ReferenceEquality")
  Owner ownerOf(String id) {
    KeyQueryMetadata metadata;
    try {
      metadata =
          streams.queryMetadataForKey(
              RegistryTopology.ENTRIES_STORE, id, new EntryKeyPartitioner());
    } catch (IllegalStateException e) {
      throw rebalancing();
    }
    if (metadata == null
        || metadata == KeyQueryMetadata.NOT_AVAILABLE
        || metadata.activeHost() == null
        || metadata.activeHost().equals(HostInfo.unavailable())) {
      throw rebalancing();
    }
    return new Owner(metadata.partition(), metadata.activeHost());
  }

  /** The owners of {@code wanted} partitions, each with the partitions it holds; 503 for a gap. */
  Map<HostInfo, Set<Integer>> ownersOf(Set<Integer> wanted) {
    String topic = RegistryTopology.repartitionTopic(config.applicationId());
    Map<Integer, HostInfo> byPartition = new HashMap<>();
    try {
      for (StreamsMetadata instance :
          streams.streamsMetadataForStore(RegistryTopology.ENTRIES_STORE)) {
        instance.topicPartitions().stream()
            .filter(tp -> tp.topic().equals(topic))
            .forEach(tp -> byPartition.put(tp.partition(), instance.hostInfo()));
      }
    } catch (IllegalStateException e) {
      throw rebalancing();
    }
    Map<HostInfo, Set<Integer>> owners = new TreeMap<>(EntryOwners::compare);
    for (int partition : wanted) {
      HostInfo host = byPartition.get(partition);
      if (host == null) {
        throw HttpProblem.notReady(
            "partition " + partition + " of the entries store has no active instance right now",
            LocalEntries.RETRY);
      }
      owners.computeIfAbsent(host, h -> new TreeSet<>()).add(partition);
    }
    return owners;
  }

  /** Every partition of the entries store: 0 to the repartition topic's count. */
  Set<Integer> allPartitions() {
    int count = partitionCount();
    Set<Integer> all = new TreeSet<>();
    for (int p = 0; p < count; p++) {
      all.add(p);
    }
    return all;
  }

  /**
   * The store's partition count, that of its input (the repartition topic), read once: the
   * application never changes it while running.
   */
  int partitionCount() {
    int known = partitions;
    if (known > 0) {
      return known;
    }
    String topic = RegistryTopology.repartitionTopic(config.applicationId());
    try (Admin admin = Admin.create(config.clientProperties())) {
      // A topic that is not there fails the future; one that is, is in its map.
      int count =
          Objects.requireNonNull(
                  admin
                      .describeTopics(Set.of(topic))
                      .allTopicNames()
                      .get(DESCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                      .get(topic),
                  topic)
              .partitions()
              .size();
      partitions = count;
      return count;
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw HttpProblem.notReady(
          "cannot read the entries store's partition count from Kafka", LocalEntries.RETRY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw HttpProblem.notReady("interrupted", LocalEntries.RETRY);
    }
  }

  private static HttpProblem rebalancing() {
    return HttpProblem.notReady(
        "the entries store's partitions are being assigned (rebalancing)", LocalEntries.RETRY);
  }

  private static int compare(HostInfo a, HostInfo b) {
    int byHost = a.host().compareTo(b.host());
    return byHost != 0 ? byHost : Integer.compare(a.port(), b.port());
  }

  static String text(HostInfo host) {
    return host.host() + ":" + host.port();
  }
}
