package dev.registrystreams.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry store as a topology sees it: built by EntryStores, driven by TopologyTestDriver. */
class EntryStoresTest {

  private static final String APPLICATION_ID = "entry-stores-test";
  private static final String STORE = "entries";
  private static final String CHANGELOG = APPLICATION_ID + "-" + STORE + "-changelog";
  private static final String INPUT = "requests";
  private static final String OUTPUT = "outcomes";
  private static final Map<String, String> CHANGELOG_CONFIG =
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

  @TempDir Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<String, String> requests;

  @BeforeEach
  void startDriver() {
    Topology topology = new Topology();
    topology.addSource(INPUT, new StringDeserializer(), new StringDeserializer(), INPUT);
    topology.addProcessor("resolve", Resolve::new, INPUT);
    topology.addStateStore(entries(), "resolve");
    topology.addSink(OUTPUT, OUTPUT, new StringSerializer(), new StringSerializer(), "resolve");

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(topology, props);
    requests = driver.createInputTopic(INPUT, new StringSerializer(), new StringSerializer());
  }

  private static StoreBuilder<KeyValueStore<String, String>> entries() {
    return EntryStores.entries(
        STORE, HotTierSettings.defaults(), Serdes.String(), Serdes.String(), CHANGELOG_CONFIG);
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void builderIsLoggedWithTheGivenChangelogConfig() {
    StoreBuilder<KeyValueStore<String, String>> builder = entries();

    assertThat(builder.name()).isEqualTo(STORE);
    assertThat(builder.loggingEnabled()).isTrue();
    assertThat(builder.logConfig()).isEqualTo(CHANGELOG_CONFIG);
  }

  @Test
  void repeatedKeysAreResolvedFromTheHotTierAndEveryWriteReachesTheChangelog() {
    List<String> keys = List.of("gov-rules", "sec-policy", "ops-procedure");
    int readsPerKey = 4;
    List<String> expectedOutcomes = new ArrayList<>();
    // Interleave the keys so hits are not just "the key read a moment ago".
    for (int round = 0; round < readsPerKey; round++) {
      for (String key : keys) {
        requests.pipeInput(key, key + "-content");
        expectedOutcomes.add(key + "=" + (round == 0 ? Resolve.CREATED : Resolve.UNCHANGED));
      }
    }

    List<String> outcomes =
        driver
            .createOutputTopic(OUTPUT, new StringDeserializer(), new StringDeserializer())
            .readKeyValuesToList()
            .stream()
            .map(kv -> kv.key + "=" + kv.value)
            .toList();
    assertThat(outcomes).isEqualTo(expectedOutcomes);

    // Only the first sight of a key writes, and each write is logged once.
    assertThat(driver.producedTopicNames()).contains(CHANGELOG);
    List<KeyValue<String, String>> logged =
        driver
            .createOutputTopic(CHANGELOG, new StringDeserializer(), new StringDeserializer())
            .readKeyValuesToList();
    assertThat(logged)
        .containsExactlyElementsOf(
            keys.stream().map(k -> KeyValue.pair(k, k + "-content")).toList());

    // Each key misses once (the read before it is created) and hits on every later read. The
    // exact count also shows Kafka's record cache is off: it would otherwise answer these reads.
    long expectedMisses = keys.size();
    long expectedHits = (long) keys.size() * (readsPerKey - 1);
    HotTierMetrics.HitCounts totals = HotTierMetrics.totals(driver.metrics());
    assertThat(totals).isEqualTo(new HotTierMetrics.HitCounts(expectedHits, expectedMisses));
    assertThat(totals.hitRate()).isEqualTo((double) expectedHits / (expectedHits + expectedMisses));
  }

  @Test
  void metricsCarryThreadTaskAndStoreTags() {
    requests.pipeInput("gov-rules", "content");
    requests.pipeInput("gov-rules", "content");

    Map<String, String> tags =
        Map.of(
            HotTierMetrics.THREAD_ID_TAG,
            Thread.currentThread().getName(),
            HotTierMetrics.TASK_ID_TAG,
            "0_0",
            HotTierMetrics.STORE_NAME_TAG,
            STORE);
    Map<MetricName, ?> metrics = driver.metrics();
    assertThat(metrics)
        .containsKeys(
            new MetricName(HotTierMetrics.HIT_TOTAL, HotTierMetrics.GROUP, "", tags),
            new MetricName(HotTierMetrics.MISS_TOTAL, HotTierMetrics.GROUP, "", tags),
            new MetricName(HotTierMetrics.HIT_RATIO, HotTierMetrics.GROUP, "", tags),
            new MetricName(HotTierMetrics.SIZE, HotTierMetrics.GROUP, "", tags),
            new MetricName(HotTierMetrics.EVICTION_TOTAL, HotTierMetrics.GROUP, "", tags));
    assertThat(
            driver
                .metrics()
                .get(new MetricName(HotTierMetrics.SIZE, HotTierMetrics.GROUP, "", tags))
                .metricValue())
        .isEqualTo(1.0);
  }

  @Test
  void storeIsReadableThroughTheDriver() {
    requests.pipeInput("gov-rules", "content");

    KeyValueStore<String, String> store = driver.getKeyValueStore(STORE);

    assertThat(store.get("gov-rules")).isEqualTo("content");
    assertThat(store.approximateNumEntries()).isEqualTo(1);
  }

  /** A miniature of the resolve step: create an entry the first time a key is seen. */
  private static final class Resolve implements Processor<String, String, String, String> {

    static final String CREATED = "CREATED";
    static final String UNCHANGED = "UNCHANGED";

    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> entries;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
      this.entries = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, String> request) {
      String outcome = UNCHANGED;
      if (entries.get(request.key()) == null) {
        entries.put(request.key(), request.value());
        outcome = CREATED;
      }
      context.forward(request.withValue(outcome));
    }
  }
}
