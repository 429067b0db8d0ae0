package dev.registrystreams.topology;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.store.DurableTier;
import dev.registrystreams.store.HotTierSettings;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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

  private final TempStateDriver state;
  final TopologyTestDriver driver;
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
    TopicNames topics = TopicNames.defaults();
    Map<String, Object> props =
        new HashMap<>(ErrorHandlers.streamsConfig(topics, RegistrySchema.defaults()));
    props.putAll(extraProps);
    state =
        new TempStateDriver(
            APPLICATION_ID,
            new RegistryTopology(
                    topics,
                    RegistrySchema.defaults(),
                    HotTierSettings.defaults(),
                    emitUnchanged,
                    durableTier)
                .build(),
            props);
    driver = state.driver();
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
    state.close();
  }
}
