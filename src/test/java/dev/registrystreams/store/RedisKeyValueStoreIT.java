package dev.registrystreams.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.registrystreams.LogCapture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis durable tier against a real redis-server: key layout, undo log and rollback, committed
 * offsets, fencing, key prefixes, metrics and scans.
 */
class RedisKeyValueStoreIT {

  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.plain();

  private static final String STORE = "entries";
  private static final TaskId TASK = new TaskId(1, 4);

  /** Values in these tests are "dedupKey|payload"; the dedup key is the secondary key. */
  private static final Function<byte[], String> SECONDARY =
      value -> new String(value, UTF_8).split("\\|", 2)[0];

  private static RedisTier tier;
  private static RedisCommands<byte[], byte[]> redis;
  private static RedisClient client;
  private static StatefulRedisConnection<byte[], byte[]> connection;

  @TempDir Path stateDir;
  private String applicationId;
  private final List<KeyValueStore<Bytes, byte[]>> opened = new ArrayList<>();

  @BeforeAll
  static void connect() {
    tier = RedisTier.connect(REDIS.server().settings());
    client = RedisClient.create(REDIS.server().url());
    connection = client.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE);
    redis = connection.sync();
  }

  @AfterAll
  static void disconnect() {
    tier.close();
    connection.close();
    client.shutdown();
  }

  @BeforeEach
  void newApplication() {
    applicationId = "app-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private MockProcessorContext<Object, Object> context(String appId) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return new MockProcessorContext<>(props, TASK, stateDir.toFile());
  }

  /** Opens the task's store as a (re)started instance would. */
  private RedisKeyValueStore open() {
    return open(applicationId);
  }

  private RedisKeyValueStore open(String appId) {
    RedisKeyValueStore store = new RedisKeyValueStore(STORE, tier, SECONDARY);
    StateStoreContext ctx = context(appId).getStateStoreContext();
    store.init(ctx, store);
    opened.add(store);
    return store;
  }

  private RedisKeys keys() {
    return RedisKeys.of(applicationId, STORE);
  }

  @Test
  void valuesAndTheirSecondaryKeysAreReadableInTheDocumentedLayout() {
    RedisKeyValueStore store = open();

    store.put(key("GOV-RULES-1"), value("d1|first"));

    assertThat(text(redis.get(bytes(applicationId + ":entries:entry:GOV-RULES-1"))))
        .isEqualTo("d1|first");
    assertThat(text(redis.get(bytes(applicationId + ":entries:key:d1")))).isEqualTo("GOV-RULES-1");
    assertThat(text(store.get(key("GOV-RULES-1")))).isEqualTo("d1|first");
    assertThat(store.get(key("missing"))).isNull();

    assertThat(text(store.delete(key("GOV-RULES-1")))).isEqualTo("d1|first");
    assertThat(redis.exists(bytes(applicationId + ":entries:entry:GOV-RULES-1"))).isZero();
    assertThat(redis.exists(bytes(applicationId + ":entries:key:d1"))).isZero();
  }

  @Test
  void writesNotFollowedByAStoreCommitAreRolledBackWhenTheTaskReopens() {
    TopicPartition changelog = new TopicPartition(applicationId + "-entries-changelog", 4);
    RedisKeyValueStore first = open();
    first.put(key("a"), value("da|committed"));
    first.commit(Map.of(changelog, 10L));
    // The transaction of these writes never commits: the instance dies before it does.
    first.put(key("a"), value("da|aborted update"));
    first.put(key("b"), value("db|aborted create"));
    first.put(key("b"), value("db|aborted update of the aborted create"));
    // a, b and their index entries
    assertThat(redis.hlen(keys().undo(TASK))).isEqualTo(4);

    RedisKeyValueStore restarted = open();

    assertThat(text(restarted.get(key("a")))).isEqualTo("da|committed");
    assertThat(restarted.get(key("b"))).isNull();
    assertThat(redis.exists(keys().index("db"))).isZero();
    assertThat(text(redis.get(keys().index("da")))).isEqualTo("a");
    assertThat(restarted.committedOffset(changelog)).isEqualTo(10L);
    assertThat(redis.exists(keys().undo(TASK))).isZero();
    assertThat(restarted.rolledBack()).isEqualTo(4);
  }

  @Test
  void aStoreCommitKeepsTheWritesAndTheOffsetAndForgetsTheUndoLog() {
    TopicPartition changelog = new TopicPartition(applicationId + "-entries-changelog", 4);
    RedisKeyValueStore first = open();
    assertThat(first.committedOffset(changelog)).isNull();
    first.put(key("a"), value("da|1"));
    first.put(key("a"), value("da|2"));

    first.commit(Map.of(changelog, 42L));

    assertThat(redis.exists(keys().undo(TASK))).isZero();
    RedisKeyValueStore restarted = open();
    assertThat(text(restarted.get(key("a")))).isEqualTo("da|2");
    assertThat(restarted.committedOffset(changelog)).isEqualTo(42L);
    assertThat(restarted.rolledBack()).isZero();
  }

  @Test
  void anEmptyCommitRollsBackAndForgetsTheOffsetsSoTheTaskRestoresFromScratch() {
    TopicPartition changelog = new TopicPartition(applicationId + "-entries-changelog", 4);
    RedisKeyValueStore store = open();
    store.put(key("a"), value("da|1"));
    store.commit(Map.of(changelog, 5L));
    store.put(key("b"), value("db|uncommitted"));

    store.commit(Map.of());

    assertThat(store.committedOffset(changelog)).isNull();
    assertThat(store.get(key("b"))).isNull();
    assertThat(text(store.get(key("a")))).isEqualTo("da|1");
    assertThat(open().committedOffset(changelog)).isNull();
  }

  @Test
  void aZombieOwnerIsFencedOnceTheTaskIsReopenedElsewhere() {
    RedisKeyValueStore zombie = open();
    zombie.put(key("a"), value("da|zombie before"));
    RedisKeyValueStore owner = open();

    assertThatThrownBy(() -> zombie.put(key("a"), value("da|zombie after")))
        .isInstanceOf(TaskMigratedException.class)
        .hasMessageContaining("another instance owns the task");
    assertThatThrownBy(
            () ->
                zombie.commit(
                    Map.of(new TopicPartition(applicationId + "-entries-changelog", 4), 1L)))
        .isInstanceOf(TaskMigratedException.class);

    // The owner rolled back the zombie's uncommitted write and can write.
    assertThat(owner.get(key("a"))).isNull();
    owner.put(key("a"), value("da|owner"));
    assertThat(text(owner.get(key("a")))).isEqualTo("da|owner");
  }

  @Test
  void applicationsSharingOneRedisDoNotSeeEachOthersKeys() {
    String otherApp = applicationId + "-other";
    RedisKeyValueStore mine = open();
    RedisKeyValueStore theirs = open(otherApp);

    mine.put(key("a"), value("da|mine"));
    theirs.put(key("a"), value("da|theirs"));

    assertThat(text(mine.get(key("a")))).isEqualTo("da|mine");
    assertThat(text(theirs.get(key("a")))).isEqualTo("da|theirs");
    assertThat(text(redis.get(bytes(otherApp + ":entries:entry:a")))).isEqualTo("da|theirs");
    assertThat(drain(mine.all())).containsExactly("a=da|mine");
  }

  @Test
  void scansAreSortedByKeyAndSeeOnlyThisStore() {
    RedisKeyValueStore store = open();
    for (String k : List.of("c", "a", "d", "b", "ab")) {
      store.put(key(k), value("d" + k + "|" + k));
    }
    open(applicationId + "x").put(key("zz"), value("dzz|other app"));

    assertThat(drain(store.all()))
        .containsExactly("a=da|a", "ab=dab|ab", "b=db|b", "c=dc|c", "d=dd|d");
    assertThat(drain(store.reverseRange(key("ab"), key("c"))))
        .containsExactly("c=dc|c", "b=db|b", "ab=dab|ab");
    assertThat(drain(store.prefixScan("a", (topic, p) -> p.getBytes(UTF_8))))
        .containsExactly("a=da|a", "ab=dab|ab");
    assertThat(store.approximateNumEntries()).isEqualTo(5);
  }

  @Test
  void hotTierAndRedisHitsAndMissesAreCountedSeparately() {
    MockProcessorContext<Object, Object> ctx = context(applicationId);
    RedisKeyValueStore durable = new RedisKeyValueStore(STORE, tier, SECONDARY);
    HotTierStore store = new HotTierStore(durable, HotTierSettings.defaults());
    store.init(ctx.getStateStoreContext(), store);
    opened.add(store);
    // Written by an earlier incarnation: only Redis has it.
    redis.set(keys().entry("old"), value("dold|from redis"));

    store.put(key("new"), value("dnew|written now"));
    store.get(key("new")); // hot hit
    store.get(key("old")); // hot miss, Redis hit
    store.get(key("old")); // hot hit
    store.get(key("none")); // hot miss, Redis miss

    Map<MetricName, ?> metrics = ctx.getStateStoreContext().metrics().metrics();
    @SuppressWarnings("unchecked")
    Map<MetricName, org.apache.kafka.common.Metric> typed =
        (Map<MetricName, org.apache.kafka.common.Metric>) metrics;
    assertThat(HotTierMetrics.totals(typed)).isEqualTo(new HotTierMetrics.HitCounts(2, 2));
    assertThat(RedisTierMetrics.totals(typed)).isEqualTo(new HotTierMetrics.HitCounts(1, 1));
    assertThat(metric(typed, RedisTierMetrics.WRITE_TOTAL)).isEqualTo(1.0);
    assertThat(metric(typed, RedisTierMetrics.AVAILABLE)).isEqualTo(1.0);
  }

  @Test
  void writesWaitForARestartedRedisAndTheOutageIsLoggedOnce() throws Exception {
    // Its own persistent server: this test stops it.
    try (RedisServer server = RedisServer.start(new RedisServer.Options(null, false, true));
        RedisTier own = RedisTier.connect(server.settings())) {
      RedisKeyValueStore store = new RedisKeyValueStore(STORE, own, SECONDARY);
      store.init(context(applicationId).getStateStoreContext(), store);
      store.put(key("before"), value("dbefore|1"));
      LogCapture logged = LogCapture.of(StoreHealth.class).atLevel(Level.INFO).start();

      server.stop();
      CompletableFuture<Void> writes =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 5; i++) {
                  store.put(key("during-" + i), value("d" + i + "|" + i));
                }
              });
      await("the outage noticed")
          .atMost(Duration.ofSeconds(20))
          .until(() -> own.health().state() == StoreHealth.State.UNAVAILABLE);
      assertThat(own.health().status().lastError()).isNotBlank();
      // The writes wait for Redis rather than fail, however long it stays away.
      await("the writes waiting while Redis is down")
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !writes.isDone());

      server.start();
      writes.get(20, TimeUnit.SECONDS);

      assertThat(own.health().state()).isEqualTo(StoreHealth.State.UP);
      assertThat(text(store.get(key("before")))).isEqualTo("dbefore|1");
      assertThat(text(store.get(key("during-4")))).isEqualTo("d4|4");
      List<String> lines = logged.messages();
      assertThat(lines.stream().filter(l -> l.contains("is unavailable"))).hasSize(1);
      assertThat(lines.stream().filter(l -> l.contains("is available again"))).hasSize(1);
      assertThat(String.join("\n", lines)).contains("Redis at redis://127.0.0.1:" + server.port());
      store.close();
    }
  }

  @Test
  void closedStoresRemoveTheirMetrics() {
    MockProcessorContext<Object, Object> ctx = context(applicationId);
    RedisKeyValueStore store = new RedisKeyValueStore(STORE, tier, SECONDARY);
    store.init(ctx.getStateStoreContext(), store);
    assertThat(ctx.getStateStoreContext().metrics().metrics().keySet())
        .anyMatch(n -> n.group().equals(RedisTierMetrics.GROUP));
    assertThat(store.persistent()).isTrue();
    assertThat(store.isOpen()).isTrue();

    store.close();

    assertThat(store.isOpen()).isFalse();
    assertThat(ctx.getStateStoreContext().metrics().metrics().keySet())
        .noneMatch(n -> n.group().equals(RedisTierMetrics.GROUP));
  }

  private static double metric(
      Map<MetricName, org.apache.kafka.common.Metric> metrics, String name) {
    return metrics.entrySet().stream()
        .filter(e -> e.getKey().group().equals(RedisTierMetrics.GROUP))
        .filter(e -> e.getKey().name().equals(name))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  private static Bytes key(String key) {
    return Bytes.wrap(key.getBytes(UTF_8));
  }

  private static byte[] value(String value) {
    return value.getBytes(UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
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
