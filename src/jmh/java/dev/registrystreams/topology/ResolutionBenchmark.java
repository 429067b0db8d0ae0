package dev.registrystreams.topology;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.load.MixedWorkload;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * All per-record work of the topology without Kafka: decode and validate, the repartition's encode
 * and decode, resolve against an in-memory store, and the encoding of every output. One operation
 * is one request of a mixed workload (new titles, repeats, changed contexts, a few bad records).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ResolutionBenchmark {

  private static final RepartitionSerde REPARTITION = new RepartitionSerde();
  private static final AvroSerde<ConfigChange> CHANGES = AvroSerde.of(ConfigChange.class);

  private static final String REPARTITION_TOPIC =
      RegistryTopology.repartitionTopic("registry-streams");

  private List<WorkloadRequest> workload;
  private DecodeAndValidate intake;
  private Resolve resolve;
  private MockProcessorContext<String, Step<RepartitionedRequest>> intakeContext;
  private MockProcessorContext<String, Step<Answer>> resolveContext;
  private int next;
  private long offset;

  /** Outcome counts per iteration, so the mix measured is visible next to the rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Outcomes {
    public long changed;
    public long unchanged;
    public long rejected;

    @Setup(Level.Iteration)
    public void clear() {
      changed = 0;
      unchanged = 0;
      rejected = 0;
    }
  }

  @Setup
  public void setUp() {
    workload =
        MixedWorkload.generate(new MixedWorkload.Shape(20_000, 20_000, 8_000, 500, 1), "bench")
            .requests();
    RegistrySchema schema = RegistrySchema.defaults();
    intake = new DecodeAndValidate(schema, TopicNames.DEFAULT_REJECTED);
    intakeContext = new MockProcessorContext<>();
    intake.init(intakeContext);

    resolveContext = new MockProcessorContext<>();
    KeyValueStore<String, byte[]> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(RegistryTopology.ENTRIES_STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(resolveContext.getStateStoreContext(), store);
    resolveContext.addStateStore(store);
    resolve = new Resolve(RegistryTopology.ENTRIES_STORE, TopicNames.defaults(), schema, true);
    resolve.init(resolveContext);
  }

  @Benchmark
  public int resolveOneRequest(Outcomes outcomes) {
    WorkloadRequest request = workload.get(next);
    next = next + 1 == workload.size() ? 0 : next + 1;
    long timestamp = 1_795_000_000_000L + offset;
    intakeContext.setRecordMetadata(TopicNames.DEFAULT_REQUESTS, 0, offset++);
    intake.process(new Record<>(request.key(), request.value(), timestamp));
    CapturedForward<? extends String, ? extends Step<RepartitionedRequest>> checked =
        intakeContext.forwarded().get(0);
    intakeContext.resetForwards();
    if (!(checked.record().value() instanceof Step.Next<RepartitionedRequest> next)) {
      outcomes.rejected++;
      return 0;
    }
    // As the repartition topic's serde writes and reads it.
    byte[] written = REPARTITION.serializer().serialize(REPARTITION_TOPIC, next.value());
    RepartitionedRequest repartitioned =
        REPARTITION.deserializer().deserialize(REPARTITION_TOPIC, written);
    resolve.process(new Record<>(checked.record().key(), repartitioned, timestamp));
    Step<Answer> resolved = resolveContext.forwarded().get(0).record().value();
    resolveContext.resetForwards();
    if (!(resolved instanceof Step.Next<Answer> answered)) {
      outcomes.rejected++;
      return 0;
    }
    int bytes = answered.value().entry().length;
    if (answered.value().changed()) {
      outcomes.changed++;
      bytes += CHANGES.encode(answered.value().change()).length;
    } else {
      outcomes.unchanged++;
    }
    return bytes;
  }
}
