package dev.registrystreams.load;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.TopicNames;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jspecify.annotations.Nullable;

/**
 * For benchmarks: the deduplication topology a Kafka Streams user would write instead of the
 * registry, after Confluent's deduplication example. A persistent store keyed by the request's
 * identity; the first request of an identity is forwarded to the entries topic and remembered, a
 * repeat is dropped. No validation, generation, hashing or change events.
 *
 * <p>The identity is everything a request asks for: the request without its request id (each
 * request has a fresh one), as its Avro encoding. Requests arrive keyed by anything, so they are
 * repartitioned by identity first, as the store must see every request of an identity in one task.
 * The store is plain RocksDB with its changelog, whatever tier the application is configured with.
 */
public final class PeerTopology {

  /** The store of identities seen; its changelog is {@code <app>-requests-seen-changelog}. */
  public static final String SEEN_STORE = "requests-seen";

  /** The repartition topic is {@code <app>-requests-by-identity-repartition}. */
  public static final String REPARTITION = "requests-by-identity";

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  private final TopicNames topics;

  /** The peer reading and writing the same topics as the application. */
  public PeerTopology(TopicNames topics) {
    this.topics = topics;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SEEN_STORE), Serdes.Bytes(), Serdes.Long()));
    builder.stream(
            topics.requests(),
            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("requests"))
        .selectKey((key, value) -> identity(value), Named.as("identity"))
        .repartition(
            Repartitioned.<Bytes, byte[]>as(REPARTITION)
                .withKeySerde(Serdes.Bytes())
                .withValueSerde(Serdes.ByteArray()))
        .process(DropRepeats::new, Named.as("drop-repeats"), SEEN_STORE)
        .to(
            topics.entries(),
            Produced.with(Serdes.Bytes(), Serdes.ByteArray()).withName("entries"));
    return builder.build();
  }

  /** The request's identity: its encoding with the request id left empty. */
  static Bytes identity(byte[] value) {
    GenerationRequest request = REQUESTS.decode(value);
    request.setRequestId("");
    return Bytes.wrap(REQUESTS.encode(request));
  }

  /** Forwards the first record of a key and remembers when it came; drops every later one. */
  private static final class DropRepeats implements Processor<Bytes, byte[], Bytes, byte[]> {
    // Set by init.
    private @Nullable ProcessorContext<Bytes, byte[]> context;
    private @Nullable KeyValueStore<Bytes, Long> seen;

    @Override
    public void init(ProcessorContext<Bytes, byte[]> context) {
      this.context = context;
      this.seen = context.getStateStore(SEEN_STORE);
    }

    @Override
    public void process(Record<Bytes, byte[]> record) {
      KeyValueStore<Bytes, Long> seen =
          Objects.requireNonNull(this.seen, "the processor is not initialised");
      if (seen.get(record.key()) != null) {
        return;
      }
      seen.put(record.key(), record.timestamp());
      Objects.requireNonNull(context, "the processor is not initialised").forward(record);
    }
  }
}
