package dev.registrystreams.topology;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.GenerationInput;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.Resolution;
import dev.registrystreams.core.Resolver;
import dev.registrystreams.embedded.EmbeddedKafkaBroker;
import dev.registrystreams.store.HotTierSettings;
import dev.registrystreams.store.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Time from start to first processed record with N entries in the registry, for the RocksDB tier
 * (with and without its local state) and the Redis tier. A benchmark, not a test: run it by hand
 * (see docs/BENCHMARKS.md) and it prints a table.
 *
 * <p>The registry is loaded by writing N real entries (made by the application's own Resolver, as
 * it would answer N distinct CREATED requests) straight to the entries store's changelog topic, in
 * the partition the topology would use. The first start of each tier then restores them through
 * Kafka Streams' own restoration path, exactly as after a lost disk. Each measured start is timed
 * from {@code RegistryStreamsApp.start} to the arrival of the answers to probe requests sent before
 * the start: one per partition, each repeating an existing entry, so the answer must be UNCHANGED
 * and can only come from a store that holds the registry.
 */
public final class RestartBenchmark {

  private static final int PARTITIONS = 6;
  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final String[] SCOPES = {"GOV", "SEC", "OPS", "TECH", "FIN", "LEG", "AUD", "COMP"};
  private static final String[] TYPES = {"RULES", "SUMMARY", "PROCEDURE", "POLICY", "STANDARD"};

  private final int entries;
  private final Path work;
  private final String applicationId = "bench";
  private final TopicNames topics = TopicNames.defaults();
  private final List<String> rows = new ArrayList<>();
  private int probeRound;

  private RestartBenchmark(int entries, Path work) {
    this.entries = entries;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    Path work = Files.createTempDirectory("restart-bench-");
    try {
      new RestartBenchmark(entries, work).run();
    } finally {
      delete(work);
    }
    System.exit(0);
  }

  private void run() throws Exception {
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder().logDir(work.resolve("kafka")).start();
        RedisServer redis = RedisServer.start(RedisServer.Options.plain())) {
      String bootstrap = broker.bootstrapServers();
      long loadStart = System.nanoTime();
      long bytes = load(bootstrap);
      System.out.printf(
          "loaded %,d entries (%,d MB of changelog values) in %.1f s%n",
          entries, bytes >> 20, seconds(loadStart));

      Path rocksState = work.resolve("state-rocksdb");
      AppConfig rocks = config(bootstrap, rocksState);
      measure("rocksdb", "none (first start, restores the changelog)", rocks);
      measure("rocksdb", "kept from a clean stop", rocks);
      delete(rocksState);
      measure("rocksdb", "none (deleted: a new machine)", rocks);

      AppConfig onRedis =
          config(bootstrap, work.resolve("state-redis-1"))
              .withEntryStore(AppConfig.EntryStore.redis(redis.settings()));
      measure("redis", "none, Redis empty (first start, restores the changelog)", onRedis);
      delete(work.resolve("state-redis-1"));
      measure("redis", "none (deleted: a new machine)", onRedis);
      measure("redis", "kept from a clean stop", onRedis);

      System.out.println();
      System.out.printf(
          "| durable tier | local state | start -> first answer | start -> all %d partitions answered |%n",
          PARTITIONS);
      System.out.println("|---|---|---:|---:|");
      rows.forEach(System.out::println);
    }
  }

  private AppConfig config(String bootstrap, Path stateDir) {
    return new AppConfig(
        bootstrap,
        applicationId,
        topics,
        RegistrySchema.defaults(),
        AppConfig.DEFAULT_STREAM_THREADS,
        "exactly_once_v2",
        stateDir,
        HotTierSettings.defaults(),
        true,
        new AppConfig.TopicLayout(PARTITIONS, (short) 1),
        // Static membership, as a StatefulSet would run it: a restarted instance takes its
        // predecessor's place in the group at once. Without it every restart would first wait
        // for the stopped member's session to expire (Kafka Streams does not leave the group on
        // close), which would swamp what is measured here.
        Map.of("group.instance.id", "bench-instance", "session.timeout.ms", "10000"));
  }

  /** Writes the registry to the changelog; returns the bytes of values written. */
  private long load(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<NewTopic> created = new ArrayList<>();
      created.add(
          new NewTopic(applicationId + "-entries-changelog", PARTITIONS, (short) 1)
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
      for (String topic : topics.all()) {
        NewTopic t = new NewTopic(topic, PARTITIONS, (short) 1);
        if (topic.equals(topics.entries())) {
          t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        created.add(t);
      }
      admin.createTopics(created).all().get(60, TimeUnit.SECONDS);
    }
    Resolver resolver = new Resolver(RegistrySchema.defaults());
    long bytes = 0;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < entries; i++) {
        GenerationRequest request = request(i, "load-" + i);
        String scope = request.getScope();
        String type = request.getType();
        DedupKey key = DedupKey.of(scope, type, request.getTitle());
        String id = EntryId.derive(scope, type, key);
        GenerationInput input = Requests.toInput(request, timestamp(i), 8);
        Resolution resolution = resolver.resolve(input, key.hex(), id, null);
        byte[] value =
            ENTRIES.encode(
                EntryRecords.toRecord(resolution.entry(), request.getRequestId(), Outcome.CREATED));
        bytes += value.length;
        producer.send(
            new ProducerRecord<>(
                applicationId + "-entries-changelog",
                partitionOf(id),
                id.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                value));
        if (i > 0 && i % 200_000 == 0) {
          System.out.printf("  ... %,d entries written%n", i);
        }
      }
      producer.flush();
    }
    return bytes;
  }

  private static GenerationRequest request(int i, String requestId) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", i % 3 == 0 ? "prod" : i % 3 == 1 ? "dev" : "staging");
    context.put("owner", "team-" + (i % 17));
    context.put("reviewDays", (long) (30 + i % 300));
    return GenerationRequest.newBuilder()
        .setRequestId(requestId)
        .setTitle("Benchmark entry number " + i)
        .setScope(SCOPES[i % SCOPES.length])
        .setType(TYPES[(i / SCOPES.length) % TYPES.length])
        .setContext(ContextValues.toAvro(context))
        .build();
  }

  private static long timestamp(int i) {
    return 1_764_000_000_000L + i;
  }

  private static int partitionOf(String entryId) {
    byte[] id = entryId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(id)) % PARTITIONS;
  }

  /** Sends one probe per partition, starts the application, times the answers, stops it. */
  private void measure(String tier, String localState, AppConfig config) throws Exception {
    String bootstrap = config.bootstrapServers();
    probeRound++;
    List<Integer> probeEntries = probesOnePerPartition();
    List<String> probeIds = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> answers = answerConsumer(bootstrap)) {
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
        for (int i : probeEntries) {
          String requestId = "probe-" + probeRound + "-" + i;
          probeIds.add(requestId);
          producer.send(
              new ProducerRecord<>(
                  topics.requests(),
                  null,
                  timestamp(i),
                  null,
                  REQUESTS.encode(request(i, requestId))));
        }
        producer.flush();
      }
      long start = System.nanoTime();
      long first = -1;
      long all = -1;
      try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofMinutes(10))) {
        int answered = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (answered < probeIds.size() && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> record : answers.poll(Duration.ofMillis(20))) {
            RegistryEntry entry = ENTRIES.decode(record.value());
            if (!probeIds.contains(entry.getRequestId())) {
              continue;
            }
            if (entry.getOutcome() != Outcome.UNCHANGED) {
              throw new IllegalStateException(
                  "probe "
                      + entry.getRequestId()
                      + " was answered "
                      + entry.getOutcome()
                      + ": the store did not hold the registry");
            }
            answered++;
            long now = System.nanoTime();
            if (first < 0) {
              first = now - start;
            }
            all = now - start;
          }
        }
        if (answered < probeIds.size()) {
          throw new IllegalStateException("only " + answered + " probes answered");
        }
      }
      String row =
          String.format("| %s | %s | %.2f s | %.2f s |", tier, localState, first / 1e9, all / 1e9);
      System.out.println(row);
      rows.add(row);
    }
  }

  private List<Integer> probesOnePerPartition() {
    Map<Integer, Integer> byPartition = new LinkedHashMap<>();
    for (int i = entries - 1; i >= 0 && byPartition.size() < PARTITIONS; i -= 7) {
      GenerationRequest request = request(i, "x");
      String id =
          EntryId.derive(
              request.getScope(),
              request.getType(),
              DedupKey.of(request.getScope(), request.getType(), request.getTitle()));
      byPartition.putIfAbsent(partitionOf(id), i);
    }
    return new ArrayList<>(byPartition.values());
  }

  private KafkaConsumer<byte[], byte[]> answerConsumer(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      partitions.add(new TopicPartition(topics.entries(), p));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
