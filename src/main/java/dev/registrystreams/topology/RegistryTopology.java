package dev.registrystreams.topology;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.store.DurableTier;
import dev.registrystreams.store.EntryStores;
import dev.registrystreams.store.HotTierSettings;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The registry-streams topology, as drawn in ARCHITECTURE.md:
 *
 * <pre>
 * requests -> decode-and-validate -> repartition by dedup key -> resolve -> entries
 *                    |                                             |     -> config-changes
 *                    +--------------------> rejected <------------+
 * </pre>
 *
 * Every processor, internal topic and store is named, so that the topology can change without
 * renaming the state it depends on.
 */
public final class RegistryTopology {

  /**
   * The store of current entries, keyed by entry id; its changelog is {@code
   * <app>-entries-changelog}.
   */
  public static final String ENTRIES_STORE = "entries";

  /** The repartition topic is {@code <app>-requests-by-dedup-key-repartition}. */
  public static final String REPARTITION = "requests-by-dedup-key";

  private final TopicNames topics;
  private final RegistrySchema schema;
  private final HotTierSettings hotTier;
  private final boolean emitUnchanged;
  private final DurableTier durableTier;

  /**
   * With RocksDB as the durable tier of the entries store.
   *
   * @param emitUnchanged whether a request that changes nothing still gets its UNCHANGED answer
   */
  public RegistryTopology(
      TopicNames topics, RegistrySchema schema, HotTierSettings hotTier, boolean emitUnchanged) {
    this(topics, schema, hotTier, emitUnchanged, DurableTier.rocksDb());
  }

  /**
   * @param emitUnchanged whether a request that changes nothing still gets its UNCHANGED answer
   * @param durableTier where the entries store keeps its data below the hot tier
   */
  public RegistryTopology(
      TopicNames topics,
      RegistrySchema schema,
      HotTierSettings hotTier,
      boolean emitUnchanged,
      DurableTier durableTier) {
    this.topics = topics;
    this.schema = schema;
    this.hotTier = hotTier;
    this.emitUnchanged = emitUnchanged;
    this.durableTier = durableTier;
  }

  /** The repartition topic's name for an application id. */
  public static String repartitionTopic(String applicationId) {
    return applicationId + "-" + REPARTITION + "-repartition";
  }

  /** The entries store's changelog topic's name for an application id. */
  public static String changelogTopic(String applicationId) {
    return applicationId + "-" + ENTRIES_STORE + "-changelog";
  }

  /**
   * The dedup key of a stored entry (the entries store's value bytes): what a durable tier that
   * keeps a secondary index (Redis) indexes it by.
   */
  public static String dedupKeyOf(byte[] storedEntry) {
    return StoredEntry.summary(storedEntry).dedupKey();
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        EntryStores.entries(
            ENTRIES_STORE,
            hotTier,
            durableTier,
            RegistryTopology::dedupKeyOf,
            Serdes.String(),
            // Encoded RegistryEntry records: Resolve answers most requests from these bytes.
            Serdes.ByteArray(),
            Map.of()));

    KStream<byte[], byte[]> requests =
        builder.stream(
            topics.requests(),
            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("requests"));

    KStream<String, RepartitionedRequest> accepted =
        passOrDeadLetter(
            "validate",
            requests.process(
                () -> new DecodeAndValidate(schema, topics.rejected()),
                Named.as("decode-and-validate")));

    KStream<String, Answer> answers =
        passOrDeadLetter(
            "resolve",
            accepted
                .repartition(
                    Repartitioned.<String, RepartitionedRequest>as(REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new RepartitionSerde())
                        .withStreamPartitioner(new EntryIdPartitioner()))
                .process(
                    () -> new Resolve(ENTRIES_STORE, topics, schema, emitUnchanged),
                    Named.as("resolve"),
                    ENTRIES_STORE));

    answers
        .processValues(CountAnswers::new, Named.as("entry"))
        .to(
            topics.entries(),
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("entries"));
    answers
        .filter((dedupKey, answer) -> answer.changed(), Named.as("changed"))
        .map(
            (dedupKey, answer) -> {
              // Only changed answers pass the filter: they have a change.
              ConfigChange change = Objects.requireNonNull(answer.change());
              return KeyValue.pair(change.getEntryId(), change);
            },
            Named.as("key-by-entry-id"))
        .to(
            topics.configChanges(),
            Produced.with(Serdes.String(), AvroSerde.of(ConfigChange.class))
                .withName("config-changes"));

    return builder.build();
  }

  /** Sends the stage's rejects to the dead-letter topic and returns the values that passed. */
  private <T> KStream<String, T> passOrDeadLetter(String stage, KStream<String, Step<T>> steps) {
    Map<String, KStream<String, Step<T>>> branches =
        steps
            .split(Named.as(stage + "-"))
            .branch((key, step) -> step instanceof Step.Reject<T>, Branched.as("rejected"))
            .defaultBranch(Branched.as("passed"));

    Objects.requireNonNull(branches.get(stage + "-rejected"))
        .process(CountDeadLetters<T>::new, Named.as(stage + "-dead-letter"))
        .to(
            topics.rejected(),
            Produced.with(Serdes.ByteArray(), AvroSerde.of(DeadLetter.class))
                .withName(stage + "-dead-letter-sink"));

    return Objects.requireNonNull(branches.get(stage + "-passed"))
        .mapValues(step -> ((Step.Next<T>) step).value(), Named.as(stage + "-unwrap"));
  }
}
