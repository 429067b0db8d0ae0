package dev.registrystreams.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HotTierStore over a real RocksDB store, initialised through Kafka's public mock context. */
class HotTierStoreTest {

  private static final String STORE = "entries";
  private static final TaskId TASK = new TaskId(0, 3);

  @TempDir Path stateDir;

  private MockProcessorContext<Object, Object> processorContext;
  private KeyValueStore<Bytes, byte[]> rocks;
  private HotTierStore store;

  private HotTierStore open(HotTierSettings settings) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "hot-tier-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    processorContext = new MockProcessorContext<>(props, TASK, stateDir.toFile());
    rocks = Stores.persistentKeyValueStore(STORE).get();
    store = new HotTierStore(rocks, settings);
    store.init(context(), store);
    return store;
  }

  private StateStoreContext context() {
    return processorContext.getStateStoreContext();
  }

  @AfterEach
  void closeStore() {
    if (store != null && store.isOpen()) {
      store.close();
    }
  }

  @Test
  void putThenGetReturnsTheValue() {
    open(HotTierSettings.defaults());

    store.put(key("a"), value("1"));

    assertThat(text(store.get(key("a")))).isEqualTo("1");
    assertThat(store.get(key("missing"))).isNull();
  }

  @Test
  void repeatedReadIsServedByTheHotTier() {
    open(HotTierSettings.defaults());
    rocks.put(key("a"), value("durable"));

    assertThat(text(store.get(key("a")))).isEqualTo("durable");
    assertThat(counter(HotTierMetrics.MISS_TOTAL)).isEqualTo(1);
    assertThat(counter(HotTierMetrics.HIT_TOTAL)).isZero();

    // Changing the durable tier behind the hot tier's back shows where the next read comes from.
    rocks.put(key("a"), value("changed underneath"));

    assertThat(text(store.get(key("a")))).isEqualTo("durable");
    assertThat(counter(HotTierMetrics.HIT_TOTAL)).isEqualTo(1);
    assertThat(counter(HotTierMetrics.MISS_TOTAL)).isEqualTo(1);
  }

  @Test
  void writesGoThroughToTheDurableTierAndRefreshTheHotTier() {
    open(HotTierSettings.defaults());

    store.put(key("a"), value("1"));
    store.put(key("a"), value("2"));
    store.putAll(List.of(KeyValue.pair(key("b"), value("3")), KeyValue.pair(key("c"), value("4"))));

    assertThat(text(rocks.get(key("a")))).isEqualTo("2");
    assertThat(text(rocks.get(key("b")))).isEqualTo("3");
    assertThat(text(store.get(key("a")))).isEqualTo("2");
    assertThat(text(store.get(key("c")))).isEqualTo("4");
    // Every write populated the hot tier, so no read needed the durable tier.
    assertThat(counter(HotTierMetrics.HIT_TOTAL)).isEqualTo(2);
    assertThat(counter(HotTierMetrics.MISS_TOTAL)).isZero();
  }

  @Test
  void deleteAndNullPutInvalidate() {
    open(HotTierSettings.defaults());
    store.put(key("a"), value("1"));
    store.put(key("b"), value("2"));

    assertThat(text(store.delete(key("a")))).isEqualTo("1");
    store.put(key("b"), null);
    store.putAll(List.of(KeyValue.pair(key("c"), value("3")), KeyValue.pair(key("c"), null)));

    assertThat(store.get(key("a"))).isNull();
    assertThat(store.get(key("b"))).isNull();
    assertThat(store.get(key("c"))).isNull();
    assertThat(rocks.get(key("a"))).isNull();
    assertThat(counter(HotTierMetrics.MISS_TOTAL)).isEqualTo(3);
    assertThat(counter(HotTierMetrics.SIZE)).isZero();
  }

  @Test
  void putIfAbsentKeepsTheFirstValue() {
    open(HotTierSettings.defaults());

    assertThat(store.putIfAbsent(key("a"), value("first"))).isNull();
    assertThat(text(store.putIfAbsent(key("a"), value("second")))).isEqualTo("first");

    assertThat(text(store.get(key("a")))).isEqualTo("first");
    assertThat(text(rocks.get(key("a")))).isEqualTo("first");
    assertThat(counter(HotTierMetrics.HIT_TOTAL)).isEqualTo(1);
  }

  @Test
  void entryBoundEvictsButTheDurableTierKeepsEverything() {
    int bound = 4;
    int written = 50;
    open(HotTierSettings.byEntries(bound));

    for (int i = 0; i < written; i++) {
      store.put(key("k" + i), value("v" + i));
    }

    assertThat(counter(HotTierMetrics.SIZE)).isEqualTo(bound);
    assertThat(counter(HotTierMetrics.EVICTION_TOTAL)).isEqualTo(written - bound);
    for (int i = 0; i < written; i++) {
      assertThat(text(store.get(key("k" + i)))).isEqualTo("v" + i);
    }
  }

  @Test
  void weightBoundCountsKeyAndValueBytes() {
    // Every entry weighs 2 key bytes + 8 value bytes.
    int entryWeight = 10;
    int fits = 3;
    int written = 20;
    open(HotTierSettings.byWeight((long) entryWeight * fits));

    // Two-digit numbers keep every key at 2 bytes and every "value-NN" at 8 bytes.
    for (int i = 10; i < 10 + written; i++) {
      store.put(key(Integer.toString(i)), value("value-" + i));
    }

    assertThat(counter(HotTierMetrics.SIZE)).isEqualTo(fits);
    assertThat(counter(HotTierMetrics.EVICTION_TOTAL)).isEqualTo(written - fits);
  }

  @Test
  void scansReadTheDurableTierAndSeeEveryWrite() {
    open(HotTierSettings.byEntries(1));
    store.put(key("a"), value("1"));
    store.put(key("b"), value("2"));
    store.put(key("c"), value("3"));
    store.delete(key("b"));
    store.put(key("d"), value("4"));

    assertThat(drain(store.range(key("a"), key("c")))).containsExactly("a=1", "c=3");
    assertThat(drain(store.reverseRange(key("a"), key("c")))).containsExactly("c=3", "a=1");
    assertThat(drain(store.all())).containsExactly("a=1", "c=3", "d=4");
    assertThat(drain(store.reverseAll())).containsExactly("d=4", "c=3", "a=1");
    assertThat(drain(store.prefixScan("c", (topic, prefix) -> prefix.getBytes(UTF_8))))
        .containsExactly("c=3");
    assertThat(store.approximateNumEntries()).isEqualTo(rocks.approximateNumEntries());
  }

  @Test
  void metricsAreRegisteredWithTheAgreedNamesAndTags() {
    open(HotTierSettings.defaults());
    store.put(key("a"), value("1"));
    store.get(key("a"));
    store.get(key("a"));
    store.get(key("b"));

    Map<MetricName, ?> registered = context().metrics().metrics();
    for (String name :
        List.of(
            HotTierMetrics.HIT_TOTAL,
            HotTierMetrics.MISS_TOTAL,
            HotTierMetrics.HIT_RATIO,
            HotTierMetrics.SIZE,
            HotTierMetrics.EVICTION_TOTAL)) {
      assertThat(registered).containsKey(metricName(name));
    }
    assertThat(counter(HotTierMetrics.HIT_TOTAL)).isEqualTo(2);
    assertThat(counter(HotTierMetrics.MISS_TOTAL)).isEqualTo(1);
    assertThat(metric(HotTierMetrics.HIT_RATIO)).isEqualTo(2.0 / 3.0);
    assertThat(counter(HotTierMetrics.SIZE)).isEqualTo(1);
    assertThat(HotTierMetrics.totals(context().metrics().metrics()))
        .isEqualTo(new HotTierMetrics.HitCounts(2, 1));
  }

  @Test
  void totalsSumEveryStoreAndIgnoreOtherMetrics() {
    open(HotTierSettings.defaults());
    HotTierStore other =
        new HotTierStore(Stores.persistentKeyValueStore("other").get(), HotTierSettings.defaults());
    other.init(context(), other);
    try {
      store.put(key("a"), value("1"));
      store.get(key("a"));
      store.get(key("b"));
      other.put(key("a"), value("1"));
      other.get(key("a"));
      other.get(key("a"));

      // The registry also holds Kafka's own metrics (RocksDB, thread, task); only ours count.
      assertThat(context().metrics().metrics().keySet())
          .anyMatch(name -> !name.group().equals(HotTierMetrics.GROUP));
      assertThat(HotTierMetrics.totals(context().metrics().metrics()))
          .isEqualTo(new HotTierMetrics.HitCounts(3, 1));
    } finally {
      other.close();
    }
    assertThat(HotTierMetrics.totals(context().metrics().metrics()))
        .isEqualTo(new HotTierMetrics.HitCounts(1, 1));
  }

  @Test
  void hitRateIsZeroWithoutLookups() {
    assertThat(new HotTierMetrics.HitCounts(0, 0).hitRate()).isZero();
    assertThat(new HotTierMetrics.HitCounts(3, 1).hitRate()).isEqualTo(0.75);
  }

  @Test
  void closeRemovesMetricsAndReopeningStartsWithAnEmptyHotTier() {
    open(HotTierSettings.defaults());
    store.put(key("a"), value("before close"));
    store.get(key("a"));
    assertThat(counter(HotTierMetrics.HIT_TOTAL)).isEqualTo(1);

    store.close();
    assertThat(context().metrics().metrics())
        .doesNotContainKey(metricName(HotTierMetrics.HIT_TOTAL));

    // While the store is closed the durable tier changes, as a changelog restore would change it
    // after an aborted transaction; the reopened hot tier must not serve the old value.
    rocks.init(context(), rocks);
    rocks.put(key("a"), value("restored"));
    rocks.close();

    store.init(context(), store);

    assertThat(counter(HotTierMetrics.SIZE)).isZero();
    assertThat(counter(HotTierMetrics.HIT_TOTAL)).isZero();
    assertThat(text(store.get(key("a")))).isEqualTo("restored");
    assertThat(counter(HotTierMetrics.MISS_TOTAL)).isEqualTo(1);
  }

  @Test
  void interactiveQueriesPositionAndOffsetsComeFromTheDurableTier() {
    open(HotTierSettings.defaults());
    processorContext.setRecordMetadata("registry.requests", 2, 41L);
    store.put(key("a"), value("1"));

    QueryResult<byte[]> result =
        store.query(KeyQuery.withKey(key("a")), PositionBound.unbounded(), new QueryConfig(true));

    assertThat(result.isSuccess()).isTrue();
    assertThat(text(result.getResult())).isEqualTo("1");
    assertThat(result.getExecutionInfo()).anyMatch(info -> info.contains("HotTierStore"));
    assertThat(store.getPosition()).isEqualTo(rocks.getPosition());
    assertThat(store.getPosition().getPartitionPositions("registry.requests"))
        .containsEntry(2, 41L);

    // RocksDB keeps its changelog offsets itself; the wrapper must not hide that.
    @SuppressWarnings("deprecation")
    boolean managesOffsets = store.managesOffsets();
    assertThat(managesOffsets).isTrue();
    TopicPartition changelog = new TopicPartition("hot-tier-test-entries-changelog", 3);
    store.commit(Map.of(changelog, 17L));
    assertThat(store.committedOffset(changelog)).isEqualTo(17L);
  }

  @Test
  void delegatesIdentity() {
    open(HotTierSettings.defaults());

    assertThat(store.name()).isEqualTo(STORE);
    assertThat(store.persistent()).isTrue();
    assertThat(store.isOpen()).isTrue();
    store.close();
    assertThat(store.isOpen()).isFalse();
  }

  private MetricName metricName(String name) {
    return new MetricName(
        name,
        HotTierMetrics.GROUP,
        "",
        Map.of(
            HotTierMetrics.THREAD_ID_TAG, Thread.currentThread().getName(),
            HotTierMetrics.TASK_ID_TAG, TASK.toString(),
            HotTierMetrics.STORE_NAME_TAG, STORE));
  }

  private double metric(String name) {
    return (Double) context().metrics().metrics().get(metricName(name)).metricValue();
  }

  private long counter(String name) {
    return (long) metric(name);
  }

  private static Bytes key(String key) {
    return Bytes.wrap(key.getBytes(UTF_8));
  }

  private static byte[] value(String value) {
    return value.getBytes(UTF_8);
  }

  private static String text(byte[] value) {
    return value == null ? null : new String(value, UTF_8);
  }

  private static List<String> drain(KeyValueIterator<Bytes, byte[]> iterator) {
    List<String> entries = new ArrayList<>();
    try (iterator) {
      iterator.forEachRemaining(kv -> entries.add(text(kv.key.get()) + "=" + text(kv.value)));
    }
    return entries;
  }
}
