package dev.registrystreams.app;

import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.store.HotTierSettings;
import dev.registrystreams.store.RedisSettings;
import dev.registrystreams.topology.ErrorHandlers;
import dev.registrystreams.topology.TopicNames;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything one application instance needs: where Kafka is, its topics, the registry schema and
 * the Kafka Streams settings. Kafka client properties given by the user win over the defaults.
 */
public record AppConfig(
    String bootstrapServers,
    String applicationId,
    TopicNames topics,
    RegistrySchema schema,
    int numStreamThreads,
    String processingGuarantee,
    Path stateDir,
    HotTierSettings hotTier,
    boolean emitUnchanged,
    TopicLayout topicLayout,
    Map<String, String> kafkaConfig,
    EntryStore entryStore) {

  public static final String DEFAULT_APPLICATION_ID = "registry-streams";
  public static final int DEFAULT_STREAM_THREADS = 4;

  /**
   * How the application's own topics are created when they are missing.
   *
   * @param configChangesRetentionMs {@code retention.ms} of the config-changes topic: -1 (the
   *     default) keeps every event, since the topic is the audit log that config history and old
   *     revisions are rebuilt from
   */
  public record TopicLayout(
      int partitions, short replicationFactor, long configChangesRetentionMs) {

    /** Keeps config-changes forever. */
    public TopicLayout(int partitions, short replicationFactor) {
      this(partitions, replicationFactor, -1L);
    }

    /** Six partitions; the broker's default replication factor; config-changes kept forever. */
    public static TopicLayout defaults() {
      return new TopicLayout(6, (short) -1, -1L);
    }
  }

  /** Where the entries store keeps its data below the hot tier. */
  public record EntryStore(Kind kind, RedisSettings redis) {

    /** Values of {@code --store}. */
    public enum Kind {
      /** RocksDB in the local state directory, restored from the changelog when missing. */
      rocksdb,
      /** Redis, shared by every instance: nothing to restore on a new machine. */
      redis
    }

    public EntryStore {
      Objects.requireNonNull(kind, "kind");
      if ((kind == Kind.redis) != (redis != null)) {
        throw new IllegalArgumentException(
            "Redis settings go with the redis store, and only with it");
      }
    }

    public static EntryStore rocksDb() {
      return new EntryStore(Kind.rocksdb, null);
    }

    public static EntryStore redis(RedisSettings settings) {
      return new EntryStore(Kind.redis, settings);
    }

    /** {@code rocksdb}, or {@code redis (redis://host:port)} with any password masked. */
    public String describe() {
      return kind == Kind.rocksdb ? "rocksdb" : "redis (" + redis.maskedUrl() + ")";
    }
  }

  public AppConfig {
    kafkaConfig = Map.copyOf(kafkaConfig);
    Objects.requireNonNull(entryStore, "entryStore");
  }

  /** The configuration with RocksDB as the durable tier of the entries store. */
  public AppConfig(
      String bootstrapServers,
      String applicationId,
      TopicNames topics,
      RegistrySchema schema,
      int numStreamThreads,
      String processingGuarantee,
      Path stateDir,
      HotTierSettings hotTier,
      boolean emitUnchanged,
      TopicLayout topicLayout,
      Map<String, String> kafkaConfig) {
    this(
        bootstrapServers,
        applicationId,
        topics,
        schema,
        numStreamThreads,
        processingGuarantee,
        stateDir,
        hotTier,
        emitUnchanged,
        topicLayout,
        kafkaConfig,
        EntryStore.rocksDb());
  }

  public AppConfig withBootstrapServers(String servers) {
    return new AppConfig(
        servers,
        applicationId,
        topics,
        schema,
        numStreamThreads,
        processingGuarantee,
        stateDir,
        hotTier,
        emitUnchanged,
        topicLayout,
        kafkaConfig,
        entryStore);
  }

  public AppConfig withEntryStore(EntryStore store) {
    return new AppConfig(
        bootstrapServers,
        applicationId,
        topics,
        schema,
        numStreamThreads,
        processingGuarantee,
        stateDir,
        hotTier,
        emitUnchanged,
        topicLayout,
        kafkaConfig,
        store);
  }

  /** The Kafka Streams properties of this instance. */
  public Properties streamsProperties() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, numStreamThreads);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.putAll(ErrorHandlers.streamsConfig(topics, schema));
    props.putAll(kafkaConfig);
    Properties properties = new Properties();
    properties.putAll(props);
    return properties;
  }

  /**
   * Properties for the Admin, producer and consumer clients this instance uses besides Streams: the
   * bootstrap servers and every Kafka property given (security settings above all), less those only
   * Kafka Streams reads, such as a profile's commit interval or {@code producer.}-prefixed
   * settings, which a plain client would report as unknown.
   */
  public Properties clientProperties() {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrapServers);
    kafkaConfig.forEach(
        (key, value) -> {
          if (!isForStreamsOnly(key)) {
            properties.put(key, value);
          }
        });
    return properties;
  }

  private static final List<String> STREAMS_CLIENT_PREFIXES =
      List.of(
          StreamsConfig.PRODUCER_PREFIX,
          StreamsConfig.CONSUMER_PREFIX,
          StreamsConfig.MAIN_CONSUMER_PREFIX,
          StreamsConfig.RESTORE_CONSUMER_PREFIX,
          StreamsConfig.GLOBAL_CONSUMER_PREFIX,
          StreamsConfig.ADMIN_CLIENT_PREFIX,
          StreamsConfig.TOPIC_PREFIX);

  /** Settings Kafka Streams defines that no producer, consumer or admin client knows. */
  private static final Set<String> STREAMS_ONLY_NAMES = streamsOnlyNames();

  private static Set<String> streamsOnlyNames() {
    Set<String> names = new HashSet<>(StreamsConfig.configDef().names());
    names.removeAll(ProducerConfig.configNames());
    names.removeAll(ConsumerConfig.configNames());
    names.removeAll(AdminClientConfig.configNames());
    return Set.copyOf(names);
  }

  private static boolean isForStreamsOnly(String key) {
    return STREAMS_ONLY_NAMES.contains(key)
        || STREAMS_CLIENT_PREFIXES.stream().anyMatch(key::startsWith);
  }
}
