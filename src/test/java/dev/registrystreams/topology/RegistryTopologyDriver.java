package dev.registrystreams.topology;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.store.DurableTier;
import dev.registrystreams.store.HotTierSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The topology on a TopologyTestDriver, with its four topics typed for assertions, over RocksDB or
 * the durable tier of an {@link EntriesTier}. Public for its start instant and request builders,
 * which the tests of the comparison topologies in {@code load} share.
 */
public final class RegistryTopologyDriver implements AutoCloseable {

  public static final Instant START = Instant.parse("2026-11-24T08:00:00Z");
  static final String APPLICATION_ID = "registry-streams-test";
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  final TopologyTestDriver driver;
  private final Path stateDir;
  final TestInputTopic<byte[], byte[]> requests;
  final TestOutputTopic<String, RegistryEntry> entries;
  final TestOutputTopic<String, ConfigChange> changes;
  final TestOutputTopic<byte[], DeadLetter> rejected;

  /** Over RocksDB, the entries store's default tier. */
  RegistryTopologyDriver() {
    this(true);
  }

  RegistryTopologyDriver(boolean emitUnchanged) {
    this(DurableTier.rocksDb(), emitUnchanged, Map.of());
  }

  /** With {@code extraProps} on top of the test's Streams properties, e.g. a small record limit. */
  RegistryTopologyDriver(Map<String, ?> extraProps) {
    this(DurableTier.rocksDb(), true, extraProps);
  }

  /** Over {@code tier}, the durable tier of the entries store. */
  RegistryTopologyDriver(EntriesTier tier, boolean emitUnchanged) {
    this(tier.durable(), emitUnchanged, Map.of());
  }

  private RegistryTopologyDriver(
      DurableTier durableTier, boolean emitUnchanged, Map<String, ?> extraProps) {
    try {
      stateDir = Files.createTempDirectory("registry-topology-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TopicNames topics = TopicNames.defaults();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    // Its own state dir: several test JVMs may run at once on one machine.
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.putAll(ErrorHandlers.streamsConfig(topics, RegistrySchema.defaults()));
    props.putAll(extraProps);
    driver =
        new TopologyTestDriver(
            new RegistryTopology(
                    topics,
                    RegistrySchema.defaults(),
                    HotTierSettings.defaults(),
                    emitUnchanged,
                    durableTier)
                .build(),
            props);
    requests =
        driver.createInputTopic(
            topics.requests(), new ByteArraySerializer(), new ByteArraySerializer());
    entries =
        driver.createOutputTopic(
            topics.entries(),
            new StringDeserializer(),
            AvroSerde.of(RegistryEntry.class).deserializer());
    changes =
        driver.createOutputTopic(
            topics.configChanges(),
            new StringDeserializer(),
            AvroSerde.of(ConfigChange.class).deserializer());
    rejected =
        driver.createOutputTopic(
            topics.rejected(),
            new ByteArrayDeserializer(),
            AvroSerde.of(DeadLetter.class).deserializer());
  }

  /**
   * Every record on {@code topic} as raw bytes. It drains the same queue as the typed topics, so a
   * test uses one view or the other.
   */
  List<TestRecord<byte[], byte[]>> readRaw(String topic) {
    return driver
        .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .readRecordsToList();
  }

  /** Sends {@code request} with no key, {@code secondsAfterStart} after {@link #START}. */
  void send(GenerationRequest request, long secondsAfterStart) {
    sendBytes(null, REQUESTS.encode(request), secondsAfterStart);
  }

  void sendBytes(byte[] key, byte[] value, long secondsAfterStart) {
    requests.pipeInput(new TestRecord<>(key, value, START.plusSeconds(secondsAfterStart)));
  }

  public static GenerationRequest request(
      String requestId, String scope, String type, String title, Map<String, Object> context) {
    return GenerationRequest.newBuilder()
        .setRequestId(requestId)
        .setScope(scope)
        .setType(type)
        .setTitle(title)
        .setContext(ContextValues.toAvro(context))
        .build();
  }

  public static GenerationRequest request(
      String requestId, String title, Map<String, Object> context) {
    return request(requestId, "GOV", "RULES", title, context);
  }

  List<RegistryEntry> entries() {
    return entries.readValuesToList();
  }

  List<ConfigChange> changes() {
    return changes.readValuesToList();
  }

  List<DeadLetter> deadLetters() {
    return rejected.readValuesToList();
  }

  @Override
  public void close() {
    driver.close();
    try (Stream<Path> paths = Files.walk(stateDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
