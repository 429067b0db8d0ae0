package dev.registrystreams.store;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.CommitCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.internals.StateRestoreCallbackAdapter;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Hosts one task's bytes key-value store in Kafka's {@link MockProcessorContext} and does to it
 * what Kafka Streams' state manager does: open it, restore it from its changelog after the offset
 * it has committed, and close it cleanly or, after a crash under exactly-once, dirty with the
 * task's state directory wiped.
 *
 * <p>The mock context accepts a store's restore callback but drops it, so this host hands the store
 * a context that forwards everything to the mock and keeps the callback. Restoration then goes
 * through Kafka's own {@link StateRestoreCallbackAdapter}, as {@code ProcessorStateManager} does.
 */
final class StoreHost {

  private final KeyValueStore<Bytes, byte[]> store;
  private final Path taskDir;
  private final TopicPartition changelog;
  private final KeepingContext context;

  /**
   * @param stateDir a directory for this host alone; the task's directory is created inside it
   */
  StoreHost(KeyValueStore<Bytes, byte[]> store, String applicationId, TaskId task, Path stateDir) {
    this.store = store;
    this.taskDir = stateDir.resolve(task.toString());
    this.changelog =
        new TopicPartition(applicationId + "-" + store.name() + "-changelog", task.partition());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    this.context =
        new KeepingContext(
            new MockProcessorContext<>(props, task, taskDir.toFile()).getStateStoreContext());
  }

  KeyValueStore<Bytes, byte[]> store() {
    return store;
  }

  /** The changelog partition of this task's store, as Kafka Streams names it. */
  TopicPartition changelog() {
    return changelog;
  }

  /** Opens the store, as a task's initialisation does. */
  void open() {
    try {
      Files.createDirectories(taskDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    context.restoreCallback = null;
    store.init(context, store);
    if (context.restoreCallback == null) {
      throw new IllegalStateException(store.name() + " registered no restore callback");
    }
  }

  /**
   * Restores the changelog records after the store's committed offset (all of them when it has
   * none), as the changelog reader does: it seeks to the committed offset + 1. Once restoration is
   * done the store commits the offset of the last record, as Kafka Streams has it do.
   *
   * @param records the changelog's committed records, {@code records.get(i)} at offset {@code i}
   */
  void restore(List<ConsumerRecord<byte[], byte[]>> records) {
    Long committed = store.committedOffset(changelog);
    int from = committed == null ? 0 : Math.toIntExact(committed + 1);
    List<ConsumerRecord<byte[], byte[]>> after = records.subList(from, records.size());
    if (!after.isEmpty()) {
      restoreBatch(after);
      commit(after.get(after.size() - 1).offset());
    }
  }

  /** Restores one batch of changelog records: restoration that has not finished yet. */
  void restoreBatch(List<ConsumerRecord<byte[], byte[]>> batch) {
    StateRestoreCallbackAdapter.adapt(context.restoreCallback).restoreBatch(batch);
  }

  /**
   * Stores the changelog offset of the task's last committed transaction in the store, as Kafka
   * Streams does once that transaction committed.
   */
  void commit(long changelogOffset) {
    store.commit(Map.of(changelog, changelogOffset));
  }

  /** Closes the store after a clean suspension: the state directory stays. */
  void closeCleanly() {
    store.close();
  }

  /**
   * A task that crashed under exactly-once: its store is closed without a commit and its state
   * directory is deleted (what {@code StateManagerUtil.closeStateManager} does when it closes dirty
   * under exactly-once), so local tiers start again from the changelog.
   */
  void crash() {
    store.close();
    try {
      Utils.delete(taskDir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forwards to Kafka's mock context and keeps the restore callback the store registers. */
  private static final class KeepingContext implements StateStoreContext {

    private final StateStoreContext delegate;
    private StateRestoreCallback restoreCallback;

    KeepingContext(StateStoreContext delegate) {
      this.delegate = delegate;
    }

    @Override
    public void register(StateStore store, StateRestoreCallback callback) {
      restoreCallback = callback;
      delegate.register(store, callback);
    }

    @Override
    public void register(
        StateStore store, StateRestoreCallback callback, CommitCallback commitCallback) {
      restoreCallback = callback;
      delegate.register(store, callback, commitCallback);
    }

    @Override
    public String applicationId() {
      return delegate.applicationId();
    }

    @Override
    public TaskId taskId() {
      return delegate.taskId();
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
      return delegate.recordMetadata();
    }

    @Override
    public Serde<?> keySerde() {
      return delegate.keySerde();
    }

    @Override
    public Serde<?> valueSerde() {
      return delegate.valueSerde();
    }

    @Override
    public File stateDir() {
      return delegate.stateDir();
    }

    @Override
    public StreamsMetrics metrics() {
      return delegate.metrics();
    }

    @Override
    public Map<String, Object> appConfigs() {
      return delegate.appConfigs();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(String prefix) {
      return delegate.appConfigsWithPrefix(prefix);
    }
  }
}
