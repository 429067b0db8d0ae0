package dev.registrystreams.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every store the entries store can be built on promises, run once per durable tier by a
 * subclass: the hot tier ({@link HotTierStore}, as {@link EntryStores} builds it) over that tier.
 *
 * <p>Reads and writes, ordered scans and counts are Kafka's {@code KeyValueStore} contract. The
 * exactly-once rules are the ones the topology relies on: a task reads its own writes before they
 * commit; after a crash, the store plus the restoration Kafka Streams runs from the changelog hold
 * exactly the writes of committed transactions, whether the tier forgets everything (in-memory), is
 * wiped with the task's directory (RocksDB) or rolls itself back (Redis); and the hot tier never
 * serves a value its durable tier no longer holds. The same store object is reopened, as a revived
 * task reuses its stores, which is the harder case for the hot tier.
 *
 * <p>The changelog is modelled as Kafka Streams writes it: every write of a transaction is a
 * changelog record, visible to restoration only once the transaction commits; after that Kafka
 * Streams stores the changelog offset in the store ({@link StoreHost#commit}).
 */
abstract class KeyValueStoreContract {

  static final String STORE = "entries";
  static final TaskId TASK = new TaskId(0, 2);

  @TempDir Path stateDir;

  /** Unique per test, so that tiers shared between tests (one Redis) start empty. */
  final String applicationId = "contract-" + UUID.randomUUID().toString().substring(0, 8);

  private StoreHost host;
  private KeyValueStore<Bytes, byte[]> store;

  /** Committed changelog records; the record at index i has offset i. */
  private final List<ConsumerRecord<byte[], byte[]>> changelog = new ArrayList<>();

  /** Records of the open transaction, in the changelog only once it commits. */
  private final List<KeyValue<byte[], byte[]>> transaction = new ArrayList<>();

  /**
   * A new durable bytes store named {@code name} of the tier under test, for {@link
   * #applicationId}.
   */
  abstract KeyValueStore<Bytes, byte[]> durableStore(String name);

  @BeforeEach
  void openStore() {
    store = new HotTierStore(durableStore(STORE), HotTierSettings.defaults());
    host = new StoreHost(store, applicationId, TASK, stateDir);
    host.open();
    host.restore(changelog);
  }

  @AfterEach
  void closeStore() {
    if (store.isOpen()) {
      store.close();
    }
  }

  // Reads and writes.

  @Test
  void getReturnsWhatPutWroteAndNullForAnAbsentKey() {
    store.put(key("a"), value("1"));
    store.put(key("b"), value("2"));
    store.put(key("a"), value("3"));

    assertThat(text(store.get(key("a")))).isEqualTo("3");
    assertThat(text(store.get(key("b")))).isEqualTo("2");
    assertThat(store.get(key("absent"))).isNull();
  }

  @Test
  void deleteReturnsThePreviousValueAndANullPutDeletesToo() {
    store.put(key("a"), value("1"));
    store.put(key("b"), value("2"));

    assertThat(text(store.delete(key("a")))).isEqualTo("1");
    assertThat(store.delete(key("a"))).isNull();
    assertThat(store.delete(key("never written"))).isNull();
    store.put(key("b"), null);

    assertThat(store.get(key("a"))).isNull();
    assertThat(store.get(key("b"))).isNull();
    assertThat(entries(store.all())).isEmpty();
  }

  @Test
  void putIfAbsentWritesOnlyAnAbsentKeyAndReturnsWhatWasThere() {
    assertThat(store.putIfAbsent(key("a"), value("first"))).isNull();
    assertThat(text(store.putIfAbsent(key("a"), value("second")))).isEqualTo("first");

    assertThat(text(store.get(key("a")))).isEqualTo("first");
    assertThat(entries(store.all())).containsExactly("a=first");
  }

  @Test
  void putAllAppliesEveryPairInOrderWithNullValuesAsDeletes() {
    store.put(key("gone"), value("0"));

    store.putAll(
        List.of(
            KeyValue.pair(key("a"), value("1")),
            KeyValue.pair(key("b"), value("2")),
            KeyValue.pair(key("a"), value("3")),
            KeyValue.pair(key("gone"), null)));

    assertThat(entries(store.all())).containsExactly("a=3", "b=2");
    assertThat(store.get(key("gone"))).isNull();
  }

  // Scans and counts.

  @Test
  void scansAreInUnsignedByteOrderOfTheKeys() {
    // 0x7f sorts before 0x80 only when bytes compare unsigned, as Kafka's Bytes do.
    List<Bytes> written =
        List.of(
            key("c"),
            Bytes.wrap(new byte[] {(byte) 0x80}),
            key("a"),
            Bytes.wrap(new byte[] {0x7f}),
            key("ab"),
            key("b"));
    for (Bytes k : written) {
      store.put(k, value("v"));
    }

    assertThat(keys(store.all()))
        .containsExactly("a", "ab", "b", "c", "\\x7F", "\\x80")
        .hasSize(written.size());
    assertThat(keys(store.reverseAll())).containsExactly("\\x80", "\\x7F", "c", "b", "ab", "a");
  }

  @Test
  void rangesIncludeBothBoundsAndNullMeansUnbounded() {
    for (String k : List.of("e", "a", "d", "b", "c")) {
      store.put(key(k), value(k.toUpperCase()));
    }

    assertThat(entries(store.range(key("b"), key("d")))).containsExactly("b=B", "c=C", "d=D");
    assertThat(entries(store.reverseRange(key("b"), key("d"))))
        .containsExactly("d=D", "c=C", "b=B");
    assertThat(keys(store.range(null, key("b")))).containsExactly("a", "b");
    assertThat(keys(store.range(key("d"), null))).containsExactly("d", "e");
    // Between two written keys: nothing, not an error.
    assertThat(keys(store.range(key("bb"), key("bc")))).isEmpty();
    assertThat(keys(store.range(key("d"), key("b")))).isEmpty();
  }

  @Test
  void prefixScanFindsExactlyTheKeysThatStartWithThePrefix() {
    for (String k : List.of("gov-2", "sec-1", "gov-1", "go", "gov")) {
      store.put(key(k), value(k));
    }

    assertThat(keys(store.prefixScan("gov", (topic, prefix) -> prefix.getBytes(UTF_8))))
        .containsExactly("gov", "gov-1", "gov-2");
  }

  @Test
  void scansSeeWritesAndDeletesMadeBeforeThem() {
    store.put(key("a"), value("1"));
    store.put(key("b"), value("2"));
    store.put(key("c"), value("3"));
    store.delete(key("b"));
    store.put(key("a"), value("4"));

    assertThat(entries(store.all())).containsExactly("a=4", "c=3");
  }

  @Test
  void approximateNumEntriesCountsDistinctWrittenKeys() {
    assertThat(store.approximateNumEntries()).isZero();
    for (int i = 0; i < 7; i++) {
      store.put(key("k" + i), value("v" + i));
    }

    // Exact here for every tier: no key was overwritten or deleted, which is what makes RocksDB's
    // count an estimate.
    assertThat(store.approximateNumEntries()).isEqualTo(7);
  }

  // Restoration.

  @Test
  void restorationAppliesTheChangelogInOffsetOrderWithTombstonesAsDeletes() {
    store.close();
    changelog.addAll(
        records(
            KeyValue.pair("a", "1"),
            KeyValue.pair("b", "2"),
            KeyValue.pair("a", "3"),
            KeyValue.pair("c", "4"),
            KeyValue.pair("b", null)));

    host.open();
    host.restore(changelog);

    assertThat(text(store.get(key("a")))).isEqualTo("3");
    assertThat(store.get(key("b"))).isNull();
    assertThat(entries(store.all())).containsExactly("a=3", "c=4");
  }

  @Test
  void aCleanCloseKeepsTheCommittedStateAndTheOffsetTellsRestorationWhereToResume() {
    write("a", "1");
    commit();
    write("b", "2");
    write("a", "3");
    commit();

    host.closeCleanly();
    host.open();
    // A persistent tier resumes after its committed offset; one that forgets (in-memory) has none
    // and is restored from the start.
    assertThat(store.committedOffset(host.changelog())).isEqualTo(store.persistent() ? 2L : null);
    host.restore(changelog);

    assertThat(entries(store.all())).containsExactly("a=3", "b=2");
  }

  // Exactly-once.

  @Test
  void aTaskReadsItsOwnWritesBeforeTheyCommit() {
    write("a", "1");
    commit();

    write("a", "2");
    write("b", "3");
    delete("a");
    write("c", "4");

    assertThat(store.get(key("a"))).isNull();
    assertThat(text(store.get(key("b")))).isEqualTo("3");
    assertThat(entries(store.all())).containsExactly("b=3", "c=4");
  }

  @Test
  void afterACrashOnlyTheWritesOfCommittedTransactionsRemain() {
    write("a", "1");
    write("b", "2");
    commit();
    // This transaction never commits: the instance dies first.
    write("a", "uncommitted update");
    write("c", "uncommitted create");
    delete("b");
    // Read once so that the hot tier holds the uncommitted value too.
    assertThat(text(store.get(key("a")))).isEqualTo("uncommitted update");
    abort();

    host.crash();
    host.open();
    host.restore(changelog);

    assertThat(text(store.get(key("a")))).isEqualTo("1");
    assertThat(text(store.get(key("b")))).isEqualTo("2");
    assertThat(store.get(key("c"))).isNull();
    assertThat(entries(store.all())).containsExactly("a=1", "b=2");
  }

  @Test
  void aTransactionCommittedBeforeTheStoreRecordedItsOffsetIsReplayedAfterACrash() {
    write("a", "1");
    commit();
    // The Kafka transaction commits, but the instance dies before the store stores its offset.
    write("b", "2");
    write("a", "2");
    delete("a");
    write("a", "3");
    commitTransaction();

    host.crash();
    host.open();
    host.restore(changelog);

    assertThat(entries(store.all())).containsExactly("a=3", "b=2");
  }

  @Test
  void aCrashDuringRestorationIsRecoveredByRestoringAgain() {
    changelog.addAll(
        records(KeyValue.pair("a", "1"), KeyValue.pair("b", "2"), KeyValue.pair("c", "3")));
    store.close();
    host.open();
    // A first batch is restored, then the instance dies before restoration completes.
    host.restoreBatch(changelog.subList(0, 2));

    host.crash();
    host.open();
    host.restore(changelog);

    assertThat(entries(store.all())).containsExactly("a=1", "b=2", "c=3");
  }

  // The writes of the topology, and what Kafka Streams logs of them.

  private void write(String key, String value) {
    store.put(key(key), value(value));
    transaction.add(KeyValue.pair(key.getBytes(UTF_8), value(value)));
  }

  private void delete(String key) {
    store.delete(key(key));
    transaction.add(KeyValue.pair(key.getBytes(UTF_8), null));
  }

  /** The open transaction's records reach the changelog: restoration will see them. */
  private void commitTransaction() {
    for (KeyValue<byte[], byte[]> record : transaction) {
      changelog.add(record(changelog.size(), record.key, record.value));
    }
    transaction.clear();
  }

  private void abort() {
    transaction.clear();
  }

  /** The transaction commits, then Kafka Streams stores the changelog offset in the store. */
  private void commit() {
    commitTransaction();
    host.commit(changelog.size() - 1L);
  }

  @SafeVarargs
  private List<ConsumerRecord<byte[], byte[]>> records(KeyValue<String, String>... pairs) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (KeyValue<String, String> pair : pairs) {
      out.add(record(changelog.size() + out.size(), pair.key.getBytes(UTF_8), value(pair.value)));
    }
    return out;
  }

  private ConsumerRecord<byte[], byte[]> record(long offset, byte[] key, byte[] value) {
    return new ConsumerRecord<>(
        host.changelog().topic(), host.changelog().partition(), offset, key, value);
  }

  static Bytes key(String key) {
    return Bytes.wrap(key.getBytes(UTF_8));
  }

  static byte[] value(String value) {
    return value == null ? null : value.getBytes(UTF_8);
  }

  static String text(byte[] value) {
    return value == null ? null : new String(value, UTF_8);
  }

  /** Keys as {@link Bytes#toString} shows them: printable ASCII as is, other bytes as \xNN. */
  private static List<String> keys(KeyValueIterator<Bytes, byte[]> iterator) {
    List<String> out = new ArrayList<>();
    try (iterator) {
      iterator.forEachRemaining(kv -> out.add(kv.key.toString()));
    }
    return out;
  }

  private static List<String> entries(KeyValueIterator<Bytes, byte[]> iterator) {
    List<String> out = new ArrayList<>();
    try (iterator) {
      iterator.forEachRemaining(kv -> out.add(kv.key + "=" + text(kv.value)));
    }
    return out;
  }
}
