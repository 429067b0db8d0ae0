package dev.registrystreams.cli;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.TuningProfile;
import dev.registrystreams.store.HotTierSettings;
import dev.registrystreams.topology.ForwardedHeaders;
import dev.registrystreams.topology.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How the application itself runs: threads, guarantee, state, schema and topic layout. */
public final class StreamsOptions {

  // Kafka's rule for group.instance.id, less room for the thread suffix Kafka Streams adds.
  private static final Pattern GROUP_INSTANCE_ID = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

  /** Values of --processing-guarantee, as Kafka Streams spells them. */
  enum Guarantee {
    exactly_once_v2,
    at_least_once
  }

  /** Values of --unchanged. */
  enum Unchanged {
    emit,
    suppress
  }

  @Option(
      names = "--num-stream-threads",
      paramLabel = "N",
      defaultValue = "${env:REGISTRY_STREAMS_NUM_STREAM_THREADS:-4}",
      description =
          "Stream threads. Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_NUM_STREAM_THREADS.")
  int numStreamThreads;

  @Option(
      names = "--processing-guarantee",
      paramLabel = "GUARANTEE",
      defaultValue = "${env:REGISTRY_STREAMS_PROCESSING_GUARANTEE:-exactly_once_v2}",
      description =
          "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}."
              + " Env: REGISTRY_STREAMS_PROCESSING_GUARANTEE.")
  Guarantee processingGuarantee;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = "${env:REGISTRY_STREAMS_STATE_DIR:-${sys:java.io.tmpdir}/registry-streams}",
      description =
          "Kafka Streams state.dir. Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_STATE_DIR.")
  Path stateDir;

  @Mixin RegistryConfigOption registry;

  @Option(
      names = "--hot-tier-max-entries",
      paramLabel = "N",
      defaultValue =
          "${env:REGISTRY_STREAMS_HOT_TIER_MAX_ENTRIES:-"
              + HotTierSettings.DEFAULT_MAXIMUM_ENTRIES
              + "}",
      description =
          "Entries the in-memory hot tier keeps per task. Default: ${DEFAULT-VALUE}."
              + " Env: REGISTRY_STREAMS_HOT_TIER_MAX_ENTRIES.")
  long hotTierMaxEntries;

  @Option(
      names = "--unchanged",
      paramLabel = "MODE",
      defaultValue = "${env:REGISTRY_STREAMS_UNCHANGED:-emit}",
      description =
          "Whether a request that changes nothing gets its UNCHANGED answer: ${COMPLETION-CANDIDATES}."
              + " Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_UNCHANGED.")
  Unchanged unchanged;

  @Mixin RedisOptions redis;

  /** Null when neither the option nor its environment variable is given. */
  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "${env:REGISTRY_STREAMS_PARTITIONS}",
      description =
          "Partitions of the topics the application creates when missing. When given, topics that"
              + " already exist must have that many (the application never changes an existing"
              + " topic's partitions); when not, they keep theirs. Default: "
              + AppConfig.TopicLayout.DEFAULT_PARTITIONS
              + ". Env: REGISTRY_STREAMS_PARTITIONS.")
  @Nullable Integer partitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      defaultValue = "${env:REGISTRY_STREAMS_REPLICATION_FACTOR:--1}",
      description =
          "Replication factor of the topics it creates; -1 takes the broker's default."
              + " Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_REPLICATION_FACTOR.")
  short replicationFactor;

  @Option(
      names = "--config-changes-retention-ms",
      paramLabel = "MS",
      defaultValue = "${env:REGISTRY_STREAMS_CONFIG_CHANGES_RETENTION_MS:--1}",
      description =
          "retention.ms of the config-changes topic when the application creates it; -1 keeps every"
              + " event (it is the audit log that config history is rebuilt from)."
              + " Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_CONFIG_CHANGES_RETENTION_MS.")
  long configChangesRetentionMs;

  @Option(
      names = "--profile",
      paramLabel = "PROFILE",
      defaultValue = "${env:REGISTRY_STREAMS_PROFILE:-balanced}",
      description =
          "Tuning: ${COMPLETION-CANDIDATES} (see docs/BENCHMARKS.md); --kafka-config wins over it."
              + " Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_PROFILE.")
  TuningProfile profile;

  @Option(
      names = "--group-instance-id",
      paramLabel = "ID",
      defaultValue = "${env:REGISTRY_STREAMS_GROUP_INSTANCE_ID}",
      description =
          "Static membership: a name of this instance that stays the same across its restarts"
              + " (a StatefulSet pod's name), so that a restarted instance takes its place in the"
              + " group at once instead of after a rebalance; Kafka Streams adds each stream"
              + " thread's number. Sets group.instance.id; --kafka-config wins over it."
              + " Default: none. Env: REGISTRY_STREAMS_GROUP_INSTANCE_ID.")
  @Nullable String groupInstanceId;

  @Option(
      names = "--forward-headers",
      paramLabel = "NAME",
      split = ",",
      defaultValue = "${env:REGISTRY_STREAMS_FORWARD_HEADERS}",
      description =
          "Request headers carried on to the answers and change events (a trace id, say);"
              + " every other header of a request stays behind. Default: none."
              + " Env: REGISTRY_STREAMS_FORWARD_HEADERS.")
  java.util.@Nullable List<String> forwardHeaders;

  @Option(
      names = "--startup-timeout",
      paramLabel = "SECONDS",
      defaultValue = "${env:REGISTRY_STREAMS_STARTUP_TIMEOUT:-60}",
      description =
          "How long to wait for Kafka and for Streams to reach RUNNING. Default: ${DEFAULT-VALUE}."
              + " Env: REGISTRY_STREAMS_STARTUP_TIMEOUT.")
  int startupTimeoutSeconds;

  /** The partitions of the topics the application creates: --partitions, or the default. */
  int partitionCount() {
    return partitions == null ? AppConfig.TopicLayout.DEFAULT_PARTITIONS : partitions;
  }

  Duration startupTimeout() {
    return Duration.ofSeconds(startupTimeoutSeconds);
  }

  /** The application configuration these options describe, for the given cluster and topics. */
  AppConfig appConfig(
      String bootstrapServers,
      String applicationId,
      TopicNames topics,
      Map<String, String> kafkaProperties) {
    checkCounts();
    if (groupInstanceId != null && !GROUP_INSTANCE_ID.matcher(groupInstanceId).matches()) {
      throw usage(
          "--group-instance-id must be 1 to 200 of the characters a-z, A-Z, 0-9, '.', '_' and"
              + " '-', not "
              + dev.registrystreams.core.text.UserText.quote(groupInstanceId));
    }
    if (startupTimeoutSeconds < 1) {
      throw usage("--startup-timeout must be at least 1 second");
    }
    AppConfig.EntryStore entryStore = redis.entryStore();
    return new AppConfig(
        bootstrapServers,
        applicationId,
        topics,
        registry.schema(),
        numStreamThreads,
        processingGuarantee.name(),
        stateDir,
        HotTierSettings.byEntries(hotTierMaxEntries),
        unchanged == Unchanged.emit,
        new AppConfig.TopicLayout(
            partitionCount(), replicationFactor, configChangesRetentionMs, partitions != null),
        tuned(kafkaProperties),
        entryStore);
  }

  /** The bounds of the options that count threads, entries, partitions, replicas, milliseconds. */
  private void checkCounts() {
    if (numStreamThreads < 1) {
      throw usage("--num-stream-threads must be at least 1, not " + numStreamThreads);
    }
    if (hotTierMaxEntries < 1) {
      throw usage("--hot-tier-max-entries must be at least 1, not " + hotTierMaxEntries);
    }
    if (partitions != null && partitions < 1) {
      throw usage("--partitions must be at least 1, not " + partitions);
    }
    if (replicationFactor == 0 || replicationFactor < -1) {
      throw usage("--replication-factor must be -1 or at least 1, not " + replicationFactor);
    }
    if (configChangesRetentionMs < -1 || configChangesRetentionMs == 0) {
      throw usage(
          "--config-changes-retention-ms must be -1 (forever) or at least 1, not "
              + configChangesRetentionMs);
    }
  }

  /** An option value that cannot be used: a usage error (exit 2), like a malformed one. */
  private static UserException usage(String message) {
    return new UserException(message, RegistryStreamsCli.USAGE);
  }

  /** The profile's properties overlaid with the user's own. */
  private Map<String, String> tuned(Map<String, String> kafkaProperties) {
    Map<String, String> merged = new java.util.LinkedHashMap<>(profile.properties());
    if (groupInstanceId != null) {
      merged.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId);
    }
    if (forwardHeaders != null && !forwardHeaders.isEmpty()) {
      merged.put(ForwardedHeaders.CONFIG, String.join(",", forwardHeaders));
    }
    merged.putAll(kafkaProperties);
    return merged;
  }
}
