package dev.registrystreams.store;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.Task;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.StoreQueryUtils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable tier of one task's store, kept in Redis (see {@link RedisKeys} for the layout).
 *
 * <p><b>Exactly-once.</b> Kafka Streams writes to this store while it processes, before the Kafka
 * transaction that carries the same changes to the changelog commits; it calls {@link #commit} only
 * after that transaction committed (when a task is suspended or closed cleanly, after restoration,
 * and after every commit under at_least_once). So Redis may hold writes of a transaction that is
 * later aborted. Three things make that harmless:
 *
 * <ol>
 *   <li>every write also records, in the task's undo hash, the value the key had before its first
 *       write since the last store commit, in the same Lua script as the write;
 *   <li>{@link #commit} stores the committed changelog offset and clears the undo hash in one
 *       script; {@link #committedOffset} returns that offset, so Kafka Streams restores only the
 *       changelog after it;
 *   <li>{@link #init} increments the task's epoch (which fences every earlier owner: each write
 *       script checks it) and rolls back every key in the undo hash. The store is then exactly as
 *       it was at the last store commit, and restoring the changelog from the stored offset
 *       re-applies exactly the writes whose transactions committed since.
 * </ol>
 *
 * A request whose transaction was aborted is therefore re-processed against the state before it,
 * and gets the same answer again. After a clean stop nothing is rolled back or restored; after a
 * crash, only the changelog written since the task's last store commit is replayed.
 *
 * <p>Standby (and warm-up) tasks would restore into the same shared keys as the active task: their
 * stores here are read-only and drop what they are given.
 */
final class RedisKeyValueStore implements KeyValueStore<Bytes, byte[]> {

  private static final Logger log = LoggerFactory.getLogger(RedisKeyValueStore.class);
  private static final byte[] RECORD_UNDO = {'1'};
  private static final byte[] NO_UNDO = {'0'};
  private static final int SCAN_BATCH = 1000;

  private final String name;
  private final RedisTier tier;
  private final @Nullable Function<byte[], String> secondaryKey;
  private final Position position = Position.emptyPosition();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder rolledBack = new LongAdder();

  // Set by init; the epoch only for an active task's store, which may write.
  private @Nullable StateStoreContext context;
  private @Nullable RedisKeys keys;
  private @Nullable TaskId taskId;
  private boolean standby;
  private byte @Nullable [] epoch;
  private volatile Map<String, Long> committedOffsets = Map.of();
  private @Nullable StoreGauges sensor;
  private volatile boolean open;

  RedisKeyValueStore(String name, RedisTier tier, @Nullable Function<byte[], String> secondaryKey) {
    this.name = Objects.requireNonNull(name, "name");
    this.tier = Objects.requireNonNull(tier, "tier");
    this.secondaryKey = secondaryKey;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    this.context = context;
    RedisKeys keys = RedisKeys.of(context.applicationId(), name);
    this.keys = keys;
    TaskId taskId = context.taskId();
    this.taskId = taskId;
    this.standby = standby(context);
    if (standby) {
      committedOffsets =
          offsets(tier.execute("reading offsets", r -> r.hgetall(keys.offsets(taskId))));
      log.info(
          "Redis store {} of standby task {} is read-only; committed changelog offsets {}",
          keys.prefix(),
          taskId,
          committedOffsets);
    } else {
      List<Object> opened =
          tier.execute(
              "opening task " + taskId,
              r ->
                  tier.script(
                      r,
                      RedisTier.INIT,
                      ScriptOutputType.MULTI,
                      new byte[][] {keys.epoch(taskId), keys.undo(taskId), keys.offsets(taskId)}));
      byte[] epoch = Long.toString((Long) opened.get(0)).getBytes(StandardCharsets.US_ASCII);
      this.epoch = epoch;
      long undone = (Long) opened.get(1);
      rolledBack.add(undone);
      Map<String, Long> offsets = new HashMap<>();
      for (int i = 2; i + 1 < opened.size(); i += 2) {
        offsets.put(text((byte[]) opened.get(i)), Long.parseLong(text((byte[]) opened.get(i + 1))));
      }
      committedOffsets = Map.copyOf(offsets);
      log.info(
          "Opened Redis store {} for task {} (epoch {}): rolled back {} key(s) written after its last"
              + " store commit; committed changelog offsets {}",
          keys.prefix(),
          taskId,
          text(epoch),
          undone,
          committedOffsets);
    }
    context.register(root, (BatchingStateRestoreCallback) this::restoreAll);
    sensor = RedisTierSensor.register(context.metrics(), this, taskId, name);
    open = true;
  }

  private RedisKeys keys() {
    return Objects.requireNonNull(keys, "the store is not initialised");
  }

  private TaskId taskId() {
    return Objects.requireNonNull(taskId, "the store is not initialised");
  }

  /** The epoch of an active task's store: only such a store writes. */
  private byte[] epoch() {
    return Objects.requireNonNull(epoch, "the store is not open for writing");
  }

  private static boolean standby(StateStoreContext context) {
    // Kafka Streams does not say on its public API whether a store belongs to a standby task.
    if (!(context instanceof InternalProcessorContext<?, ?> internal)) {
      return false;
    }
    try {
      return internal.taskType() == Task.TaskType.STANDBY;
    } catch (RuntimeException notATaskContext) {
      // Test contexts (MockProcessorContext) have no state manager behind them.
      return false;
    }
  }

  private void restoreAll(Collection<org.apache.kafka.streams.KeyValue<byte[], byte[]>> records) {
    if (standby || records.isEmpty()) {
      return;
    }
    List<byte[]> targets = new ArrayList<>(records.size() * 2);
    List<byte[]> values = new ArrayList<>(records.size() * 2);
    for (org.apache.kafka.streams.KeyValue<byte[], byte[]> record : records) {
      addWrite(targets, values, record.key, record.value, null);
    }
    // Restored records come from committed transactions: nothing to undo if we crash now, the
    // restoration starts again from the same stored offset.
    write("restoring", targets, values, NO_UNDO);
  }

  @Override
  public byte @Nullable [] get(Bytes key) {
    byte[] entry = keys().entry(key.get());
    byte[] value = tier.execute("reading " + name, r -> r.get(entry));
    if (value == null) {
      misses.increment();
    } else {
      hits.increment();
    }
    return value;
  }

  @Override
  public void put(Bytes key, byte @Nullable [] value) {
    putAll(List.of(org.apache.kafka.streams.KeyValue.pair(key, value)));
  }

  @Override
  public byte @Nullable [] putIfAbsent(Bytes key, byte @Nullable [] value) {
    byte[] previous = get(key);
    if (previous == null) {
      put(key, value);
    }
    return previous;
  }

  @Override
  public void putAll(List<org.apache.kafka.streams.KeyValue<Bytes, byte[]>> entries) {
    requireWritable();
    List<byte[]> targets = new ArrayList<>(entries.size() * 2);
    List<byte[]> values = new ArrayList<>(entries.size() * 2);
    for (org.apache.kafka.streams.KeyValue<Bytes, byte[]> entry : entries) {
      byte[] previous = null;
      if (entry.value == null && secondaryKey != null) {
        // A delete must also drop the index entry of the value it deletes.
        previous = get(entry.key);
      }
      addWrite(targets, values, entry.key.get(), entry.value, previous);
    }
    write("writing " + name, targets, values, RECORD_UNDO);
    StoreQueryUtils.updatePosition(position, context);
  }

  @Override
  public byte @Nullable [] delete(Bytes key) {
    byte[] previous = get(key);
    if (previous != null) {
      requireWritable();
      List<byte[]> targets = new ArrayList<>(2);
      List<byte[]> values = new ArrayList<>(2);
      addWrite(targets, values, key.get(), null, previous);
      write("deleting from " + name, targets, values, RECORD_UNDO);
      StoreQueryUtils.updatePosition(position, context);
    }
    return previous;
  }

  /** Adds the Redis writes of one store write: the value, and its index entry when indexed. */
  private void addWrite(
      List<byte[]> targets,
      List<byte[]> values,
      byte[] key,
      byte @Nullable [] value,
      byte @Nullable [] previous) {
    RedisKeys keys = keys();
    targets.add(keys.entry(key));
    values.add(value == null ? new byte[] {'D'} : tagged(value));
    if (secondaryKey == null) {
      return;
    }
    if (value != null) {
      targets.add(keys.index(secondaryKey.apply(value)));
      values.add(tagged(key));
    } else if (previous != null) {
      targets.add(keys.index(secondaryKey.apply(previous)));
      values.add(new byte[] {'D'});
    }
  }

  private void write(String what, List<byte[]> targets, List<byte[]> values, byte[] undo) {
    byte[][] scriptKeys = new byte[targets.size() + 2][];
    byte[][] args = new byte[values.size() + 2][];
    RedisKeys keys = keys();
    TaskId taskId = taskId();
    scriptKeys[0] = keys.epoch(taskId);
    scriptKeys[1] = keys.undo(taskId);
    args[0] = epoch();
    args[1] = undo;
    for (int i = 0; i < targets.size(); i++) {
      scriptKeys[i + 2] = targets.get(i);
      args[i + 2] = values.get(i);
    }
    tier.execute(
        what + " (task " + taskId + ")",
        r -> tier.<Long>script(r, RedisTier.WRITE, ScriptOutputType.INTEGER, scriptKeys, args));
    writes.increment();
  }

  private void requireWritable() {
    if (standby) {
      throw new IllegalStateException(
          "the Redis store of standby task " + taskId + " is read-only");
    }
  }

  private static byte[] tagged(byte[] value) {
    byte[] out = new byte[value.length + 1];
    out[0] = 'S';
    System.arraycopy(value, 0, out, 1, value.length);
    return out;
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    if (standby) {
      return;
    }
    RedisKeys keys = keys();
    TaskId taskId = taskId();
    List<byte[]> args = new ArrayList<>(1 + changelogOffsets.size() * 2);
    args.add(epoch());
    Map<String, Long> next =
        new HashMap<>(changelogOffsets.isEmpty() ? Map.of() : committedOffsets);
    for (Map.Entry<TopicPartition, Long> entry : changelogOffsets.entrySet()) {
      String field = entry.getKey().toString();
      args.add(bytes(field));
      args.add(entry.getValue() == null ? new byte[0] : bytes(Long.toString(entry.getValue())));
      if (entry.getValue() == null) {
        next.remove(field);
      } else {
        next.put(field, entry.getValue());
      }
    }
    long undone =
        tier.execute(
            "committing task " + taskId,
            r ->
                tier.<Long>script(
                    r,
                    RedisTier.COMMIT,
                    ScriptOutputType.INTEGER,
                    new byte[][] {keys.epoch(taskId), keys.undo(taskId), keys.offsets(taskId)},
                    args.toArray(new byte[0][])));
    if (changelogOffsets.isEmpty()) {
      rolledBack.add(undone);
      log.info(
          "Cleared the committed offsets of Redis store {} for task {} and rolled back {} key(s);"
              + " it will be restored from the start of its changelog",
          keys.prefix(),
          taskId,
          undone);
    }
    committedOffsets = Map.copyOf(next);
  }

  @Override
  public @Nullable Long committedOffset(TopicPartition partition) {
    return committedOffsets.get(partition.toString());
  }

  @Override
  @SuppressWarnings("deprecation")
  public boolean managesOffsets() {
    return true;
  }

  private static Map<String, Long> offsets(Map<byte[], byte[]> hash) {
    Map<String, Long> out = new HashMap<>();
    hash.forEach((field, value) -> out.put(text(field), Long.parseLong(text(value))));
    return Map.copyOf(out);
  }

  // Scans: Redis keeps no order, so these read every entry key of the store and sort in memory.
  // The topology never scans; they serve interactive queries and tests on small stores.

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return iterator(scan(from, to, null), false);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    return iterator(scan(from, to, null), true);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return iterator(scan(null, null, null), false);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseAll() {
    return iterator(scan(null, null, null), true);
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
      P prefix, PS prefixKeySerializer) {
    byte[] bytes = prefixKeySerializer.serialize(null, prefix);
    return iterator(scan(null, null, bytes), false);
  }

  @Override
  public long approximateNumEntries() {
    return scanKeys().size();
  }

  private List<byte[]> scanKeys() {
    byte[] pattern = keys().entryPattern();
    return tier.execute(
        "scanning " + name,
        r -> {
          List<byte[]> found = new ArrayList<>();
          ScanArgs args = ScanArgs.Builder.matches(pattern).limit(SCAN_BATCH);
          KeyScanCursor<byte[]> cursor = r.scan(args);
          found.addAll(cursor.getKeys());
          while (!cursor.isFinished()) {
            cursor = r.scan(ScanCursor.of(cursor.getCursor()), args);
            found.addAll(cursor.getKeys());
          }
          return found;
        });
  }

  private NavigableMap<Bytes, byte[]> scan(
      @Nullable Bytes from, @Nullable Bytes to, byte @Nullable [] prefix) {
    List<byte[]> redisKeys = new ArrayList<>();
    List<Bytes> storeKeys = new ArrayList<>();
    for (byte[] redisKey : scanKeys()) {
      byte[] storeKey = keys().storeKeyOf(redisKey);
      if (storeKey == null) {
        continue;
      }
      Bytes key = Bytes.wrap(storeKey);
      if ((from != null && key.compareTo(from) < 0) || (to != null && key.compareTo(to) > 0)) {
        continue;
      }
      if (prefix != null && !startsWith(storeKey, prefix)) {
        continue;
      }
      redisKeys.add(redisKey);
      storeKeys.add(key);
    }
    NavigableMap<Bytes, byte[]> out = new TreeMap<>();
    for (int start = 0; start < redisKeys.size(); start += SCAN_BATCH) {
      int end = Math.min(redisKeys.size(), start + SCAN_BATCH);
      byte[][] batch = redisKeys.subList(start, end).toArray(new byte[0][]);
      List<KeyValue<byte[], byte[]>> values = tier.execute("reading " + name, r -> r.mget(batch));
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i).hasValue()) {
          out.put(storeKeys.get(start + i), values.get(i).getValue());
        }
      }
    }
    return out;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static KeyValueIterator<Bytes, byte[]> iterator(
      NavigableMap<Bytes, byte[]> entries, boolean reverse) {
    Iterator<Map.Entry<Bytes, byte[]>> it =
        (reverse ? entries.descendingMap() : entries).entrySet().iterator();
    return new KeyValueIterator<>() {
      private Map.@Nullable Entry<Bytes, byte[]> next = it.hasNext() ? it.next() : null;

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public org.apache.kafka.streams.KeyValue<Bytes, byte[]> next() {
        if (next == null) {
          throw new java.util.NoSuchElementException();
        }
        org.apache.kafka.streams.KeyValue<Bytes, byte[]> out =
            org.apache.kafka.streams.KeyValue.pair(next.getKey(), next.getValue());
        next = it.hasNext() ? it.next() : null;
        return out;
      }

      @Override
      public Bytes peekNextKey() {
        if (next == null) {
          throw new java.util.NoSuchElementException();
        }
        return next.getKey();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return StoreQueryUtils.handleBasicQueries(
        query, positionBound, config, this, position, context);
  }

  @Override
  public Position getPosition() {
    return position;
  }

  @Override
  public void close() {
    open = false;
    if (sensor != null) {
      sensor.remove();
      sensor = null;
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** True: the data outlives the process, so Kafka Streams asks for the committed offset. */
  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  long hits() {
    return hits.sum();
  }

  long misses() {
    return misses.sum();
  }

  long writes() {
    return writes.sum();
  }

  long rolledBack() {
    return rolledBack.sum();
  }

  RedisTier tier() {
    return tier;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
