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
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.jspecify.annotations.Nullable;

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
   * @param partitions partitions of each topic the application creates
   * @param configChangesRetentionMs {@code retention.ms} of the config-changes topic: -1 (the
   *     default) keeps every event, since the topic is the audit log that config history and old
   *     revisions are rebuilt from
   * @param partitionsRequested whether {@code partitions} was asked for explicitly ({@code
   *     --partitions}): then topics that already exist with another count are an error, since the
   *     application never changes the partitions of an existing topic; otherwise they keep theirs
   */
  public record TopicLayout(
      int partitions,
      short replicationFactor,
      long configChangesRetentionMs,
      boolean partitionsRequested) {

    /** Partitions of the topics the application creates when nobody asks for a count. */
    public static final int DEFAULT_PARTITIONS = 6;

    /** Existing topics keep their partition count, whatever it is. */
    public TopicLayout(int partitions, short replicationFactor, long configChangesRetentionMs) {
      this(partitions, replicationFactor, configChangesRetentionMs, false);
    }

    /** Keeps config-changes forever; existing topics keep their partition count. */
    public TopicLayout(int partitions, short replicationFactor) {
      this(partitions, replicationFactor, -1L);
    }

    /** Six partitions; the broker's default replication factor; config-changes kept forever. */
    public static TopicLayout defaults() {
      return new TopicLayout(DEFAULT_PARTITIONS, (short) -1, -1L);
    }
  }

  /** Where the entries store keeps its data below the hot tier. */
  public record EntryStore(Kind kind, @Nullable RedisSettings redis) {

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

    /** The Redis settings of a {@code redis} store; for {@code rocksdb}, there are none. */
    public RedisSettings redisSettings() {
      if (redis == null) {
        throw new IllegalStateException("the " + kind + " store has no Redis settings");
      }
      return redis;
    }

    /** {@code rocksdb}, or {@code redis (redis://host:port)} with any password masked. */
    public String describe() {
      // Redis settings go with the redis store, and only with it: null for rocksdb.
      return redis == null ? "rocksdb" : "redis (" + redis.maskedUrl() + ")";
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

  /**
   * With Kafka Streams' {@code application.server} set to {@code hostAndPort}, where other
   * instances reach this one's interactive queries; unless the Kafka config sets it already.
   */
  public AppConfig withApplicationServer(String hostAndPort) {
    if (kafkaConfig.containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG)) {
      return this;
    }
    Map<String, String> merged = new LinkedHashMap<>(kafkaConfig);
    merged.put(StreamsConfig.APPLICATION_SERVER_CONFIG, hostAndPort);
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
        merged,
        entryStore);
  }

  /** The {@code application.server} other instances reach this one at, if one is set. */
  public java.util.Optional<String> applicationServer() {
    return java.util.Optional.ofNullable(kafkaConfig.get(StreamsConfig.APPLICATION_SERVER_CONFIG));
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
    // Idling only orders records across a task's several input partitions, and every task here
    // reads one (a requests or a repartition partition). Left on, Kafka Streams formats a log
    // message for each empty partition at every processing loop: 5% of a stream thread's time
    // at 5,000 requests/s (docs/BENCHMARKS.md).
    props.put(
        StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
        String.valueOf(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
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

  /** The definitions a key is checked against, by the prefix Kafka Streams routes it with. */
  private record Definitions(String prefix, List<ConfigDef> definitions) {}

  private static final ConfigDef STREAMS_DEF = StreamsConfig.configDef();
  private static final ConfigDef PRODUCER_DEF = ProducerConfig.configDef();
  private static final ConfigDef CONSUMER_DEF = ConsumerConfig.configDef();
  private static final ConfigDef ADMIN_DEF = AdminClientConfig.configDef();

  private static final List<Definitions> PREFIXED =
      List.of(
          new Definitions(StreamsConfig.PRODUCER_PREFIX, List.of(PRODUCER_DEF)),
          new Definitions(StreamsConfig.MAIN_CONSUMER_PREFIX, List.of(CONSUMER_DEF)),
          new Definitions(StreamsConfig.RESTORE_CONSUMER_PREFIX, List.of(CONSUMER_DEF)),
          new Definitions(StreamsConfig.GLOBAL_CONSUMER_PREFIX, List.of(CONSUMER_DEF)),
          new Definitions(StreamsConfig.CONSUMER_PREFIX, List.of(CONSUMER_DEF)),
          new Definitions(StreamsConfig.ADMIN_CLIENT_PREFIX, List.of(ADMIN_DEF)),
          // Topic settings are the broker's to check, when Streams creates its internal topics.
          new Definitions(StreamsConfig.TOPIC_PREFIX, List.of()));

  /** Unprefixed keys go to Kafka Streams and to every client; each checks those it defines. */
  private static final List<ConfigDef> UNPREFIXED =
      List.of(STREAMS_DEF, PRODUCER_DEF, CONSUMER_DEF, ADMIN_DEF);

  /**
   * Checks each Kafka property value against the definition of every Kafka Streams, producer,
   * consumer or admin client setting of that name, as Kafka itself parses and validates it when the
   * client is created, but before anything connects: {@code acks=banana} or {@code linger.ms=soon}
   * is refused at once rather than when Kafka Streams starts. Keys prefixed as Kafka Streams routes
   * them ({@code producer.}, {@code consumer.}, {@code main.consumer.}, {@code restore.consumer.},
   * {@code global.consumer.}, {@code admin.}) are checked against that client's definition; {@code
   * topic.} settings are the broker's to check. Keys that no definition knows are left alone
   * (plugins such as interceptors read their own), and so are values that name a config provider
   * variable ({@code ${file:...}}), which Kafka resolves later.
   *
   * @throws IllegalArgumentException naming the key and, in Kafka's words, why, in one line
   */
  public static void checkKafkaConfig(Map<String, String> properties) {
    properties.forEach(AppConfig::checkKafkaProperty);
  }

  private static void checkKafkaProperty(String key, String value) {
    if (value == null || value.contains("${")) {
      return;
    }
    String name = key;
    List<ConfigDef> definitions = UNPREFIXED;
    for (Definitions prefixed : PREFIXED) {
      if (key.startsWith(prefixed.prefix())) {
        name = key.substring(prefixed.prefix().length());
        definitions = prefixed.definitions();
        break;
      }
    }
    if (definitions == UNPREFIXED && name.equals(StreamsConfig.APPLICATION_ID_CONFIG)) {
      // Kafka Streams accepts any string here; the topics it names do not.
      String problem = ApplicationIds.problem(value);
      if (problem != null) {
        throw new IllegalArgumentException(key + " " + problem);
      }
    }
    for (ConfigDef definition : definitions) {
      ConfigDef.ConfigKey config = definition.configKeys().get(name);
      if (config == null) {
        continue;
      }
      try {
        Object parsed = ConfigDef.parseType(name, value, config.type);
        if (config.validator != null) {
          config.validator.ensureValid(name, parsed);
        }
      } catch (ConfigException e) {
        throw new IllegalArgumentException(key + ": " + oneLine(e.getMessage()), e);
      }
    }
  }

  private static String oneLine(@Nullable String message) {
    return message == null ? "invalid value" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  private static boolean isForStreamsOnly(String key) {
    return STREAMS_ONLY_NAMES.contains(key)
        || STREAMS_CLIENT_PREFIXES.stream().anyMatch(key::startsWith);
  }
}
