package dev.registrystreams.load;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.store.DurableTier;
import dev.registrystreams.store.EntryStores;
import dev.registrystreams.store.HotTierSettings;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.RegistryTopology;
import dev.registrystreams.topology.TopicNames;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * The application's shape without its work, for benchmarks: the same topics and hops (decode,
 * repartition, store get and put, two outputs) with no validation, generation or hashing. The ratio
 * of the full topology's throughput to this one's is the cost of what the application itself does.
 */
public final class SkeletonTopology {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  private final TopicNames topics;
  private final HotTierSettings hotTier;
  private final DurableTier durable;

  /** The skeleton over the same hot tier and durable tier as the application's entries store. */
  public SkeletonTopology(TopicNames topics, HotTierSettings hotTier, DurableTier durable) {
    this.topics = topics;
    this.hotTier = hotTier;
    this.durable = durable;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        EntryStores.entries(
            RegistryTopology.ENTRIES_STORE,
            hotTier,
            durable,
            null,
            Serdes.String(),
            Serdes.ByteArray(),
            Map.of()));

    KStream<byte[], byte[]> requests =
        builder.stream(
            topics.requests(),
            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("requests"));
    KStream<String, byte[]> firstSeen =
        requests
            .map(
                (key, value) -> {
                  GenerationRequest request = REQUESTS.decode(value);
                  return KeyValue.pair(
                      request.getScope() + "/" + request.getType() + "/" + request.getTitle(),
                      value);
                },
                Named.as("decode"))
            .repartition(
                Repartitioned.<String, byte[]>as(RegistryTopology.REPARTITION)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(Serdes.ByteArray()))
            .process(FirstSeen::new, Named.as("resolve"), RegistryTopology.ENTRIES_STORE);

    firstSeen.to(
        topics.entries(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("entries"));
    firstSeen
        .filter((key, value) -> value.length > 0 && value[0] == FirstSeen.NEW, Named.as("changed"))
        .to(
            topics.configChanges(),
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("config-changes"));
    return builder.build();
  }

  /** Store get, put when absent, forward the value marked new or seen. */
  private static final class FirstSeen implements Processor<String, byte[], String, byte[]> {
    static final byte NEW = 1;
    static final byte SEEN = 0;

    // Set by init.
    private @Nullable ProcessorContext<String, byte[]> context;
    private @Nullable KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
      this.store = context.getStateStore(RegistryTopology.ENTRIES_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      KeyValueStore<String, byte[]> store =
          Objects.requireNonNull(this.store, "the processor is not initialised");
      boolean isNew = store.get(record.key()) == null;
      if (isNew) {
        store.put(record.key(), record.value());
      }
      byte[] out = new byte[record.value().length + 1];
      out[0] = isNew ? NEW : SEEN;
      System.arraycopy(record.value(), 0, out, 1, record.value().length);
      Objects.requireNonNull(context, "the processor is not initialised")
          .forward(record.withValue(out));
    }
  }
}
