package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.ContextValue;
import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.load.MixedWorkload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The repeated-request fast path of {@link Resolve} (UNCHANGED decided from the stored entry's
 * fields, answered from its bytes) against the full resolution (content document, canonical bytes,
 * SHA-256) on the same requests: every forwarded record and the store must be byte for byte the
 * same, whatever the requests and whatever configuration the entries were stored under.
 */
class ResolveFastPathTest {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final AvroSerde<ConfigChange> CHANGES = AvroSerde.of(ConfigChange.class);
  private static final AvroSerde<DeadLetter> LETTERS = AvroSerde.of(DeadLetter.class);
  private static final long START = 1_795_000_000_000L;

  @Test
  void theMixedWorkloadGetsTheSameAnswersTwiceOver() {
    List<WorkloadRequest> workload =
        MixedWorkload.generate(new MixedWorkload.Shape(300, 600, 200, 30, 7), "fast").requests();
    List<byte[]> values = new ArrayList<>();
    // Twice: the second pass meets every title stored, so its repeats take the fast path.
    for (int pass = 0; pass < 2; pass++) {
      workload.forEach(w -> values.add(w.value()));
    }
    Pair pair = new Pair(RegistrySchema.defaults());
    int unchanged = pair.resolveAll(values);
    assertThat(unchanged).as("UNCHANGED answers").isGreaterThan(600);
    assertThat(pair.fast.resolve.fastAnswers()).isGreaterThan(600);
    assertThat(pair.slow.resolve.fastAnswers()).isZero();
    pair.assertSameStores();
  }

  @Test
  void nearRepeatsOfEveryKindGetTheSameAnswers() {
    Random random = new Random(11);
    List<byte[]> values = new ArrayList<>();
    List<GenerationRequest> sent = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      values.add(REQUESTS.encode(nearRepeat(random, i, sent)));
    }
    Pair pair = new Pair(RegistrySchema.defaults());
    int unchanged = pair.resolveAll(values);
    assertThat(unchanged).as("UNCHANGED answers").isGreaterThan(300);
    assertThat(pair.fast.resolve.fastAnswers()).isPositive().isLessThanOrEqualTo(unchanged);
    pair.assertSameStores();
  }

  @Test
  void entriesStoredUnderAnotherConfigurationGetTheSameAnswers() {
    Random random = new Random(12);
    List<byte[]> values = new ArrayList<>();
    List<GenerationRequest> sent = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      values.add(REQUESTS.encode(nearRepeat(random, i, sent)));
    }
    Pair pair = new Pair(RegistrySchema.defaults());
    pair.resolveAll(values);
    for (String configuration :
        List.of(
            "header:\n  variants:\n    prod: LIVE\n    dev: DEV\n",
            "header:\n  defaultVersion: v3.0\n  defaultStatus: OPTIONAL\n",
            "secrets:\n  keys: [owner]\n",
            "secrets:\n  maskUrlCredentials: false\n",
            "header:\n  defaultVariant: PLAIN\n")) {
      // The same stores, requests resolved under the new configuration.
      pair = pair.under(RegistrySchema.parse(configuration, "changed.yaml"));
      pair.resolveAll(values);
      pair.assertSameStores();
    }
  }

  /**
   * A request about one of a few titles, with a context drawn from a few near-identical ones; or,
   * more often, an earlier request again with its context's keys in another order.
   */
  private static GenerationRequest nearRepeat(
      Random random, int sequence, List<GenerationRequest> sent) {
    if (!sent.isEmpty() && random.nextInt(5) < 3) {
      GenerationRequest earlier =
          sent.get(sent.size() - 1 - random.nextInt(Math.min(sent.size(), 20)));
      List<Map.Entry<String, ContextValue>> entries =
          new ArrayList<>(earlier.getContext().entrySet());
      Collections.shuffle(entries, random);
      Map<String, ContextValue> shuffled = new LinkedHashMap<>();
      entries.forEach(e -> shuffled.put(e.getKey(), e.getValue()));
      return GenerationRequest.newBuilder(earlier)
          .setRequestId("near-" + sequence)
          .setContext(shuffled)
          .build();
    }
    GenerationRequest request = fresh(random, sequence);
    sent.add(request);
    return request;
  }

  private static GenerationRequest fresh(Random random, int sequence) {
    String[] titles = {"Alpha", "alpha", "Alpha ", "Ålpha review", "Beta", "Gamma 🚀"};
    Map<String, Object> context = new LinkedHashMap<>();
    String[] envs = {"prod", "dev", "staging", null};
    String env = envs[random.nextInt(envs.length)];
    if (env != null) {
      context.put("env", env);
    }
    if (random.nextBoolean()) {
      context.put("owner", random.nextBoolean() ? "team-a" : "team-b");
    }
    if (random.nextInt(3) == 0) {
      context.put("api_key", random.nextBoolean() ? "s3cret" : "other");
    }
    if (random.nextInt(3) == 0) {
      context.put(
          "url", random.nextBoolean() ? "https://user:pass@example.com/x" : "https://example.com");
    }
    if (random.nextInt(3) == 0) {
      Object[] numbers = {1L, 1.0, "1", -0.0, 0.0, Double.NaN, true, null};
      Map<String, Object> nested = new LinkedHashMap<>();
      nested.put("n", numbers[random.nextInt(numbers.length)]);
      if (random.nextBoolean()) {
        nested.put("list", List.of("a", List.of(2L, false), Map.of("k", "ü")));
      }
      if (random.nextBoolean()) {
        nested.put("empty", random.nextBoolean() ? Map.of() : List.of());
      }
      context.put("nested", nested);
    }
    List<Map.Entry<String, Object>> entries = new ArrayList<>(context.entrySet());
    Collections.shuffle(entries, random);
    Map<String, Object> shuffled = new LinkedHashMap<>();
    entries.forEach(e -> shuffled.put(e.getKey(), e.getValue()));
    String[] versions = {null, "v2.9", "v3.0"};
    String[] statuses = {null, "REQUIRED", "OPTIONAL"};
    String[] scopes = {"GOV", "GOV", "GOV", "SEC"};
    return GenerationRequest.newBuilder()
        .setRequestId("near-" + sequence)
        .setTitle(titles[random.nextInt(titles.length)])
        .setScope(scopes[random.nextInt(scopes.length)])
        .setType("RULES")
        .setContext(ContextValues.toAvro(shuffled))
        .setVersion(versions[random.nextInt(versions.length)])
        .setStatus(statuses[random.nextInt(statuses.length)])
        .build();
  }

  /** The intake, and two resolvers over stores of their own: with the fast path and without. */
  private static final class Pair {
    private final DecodeAndValidate intake;
    private final MockProcessorContext<String, Step<RepartitionedRequest>> intakeContext;
    private final Side fast;
    private final Side slow;
    private long offset;

    Pair(RegistrySchema schema) {
      this(schema, new Side(schema, true, null), new Side(schema, false, null));
    }

    private Pair(RegistrySchema schema, Side fast, Side slow) {
      this.intake = new DecodeAndValidate(schema, TopicNames.DEFAULT_REJECTED);
      this.intakeContext = new MockProcessorContext<>();
      intake.init(intakeContext);
      this.fast = fast;
      this.slow = slow;
    }

    /** Resolvers under {@code schema} over the stores as they are. */
    Pair under(RegistrySchema schema) {
      Pair next = new Pair(schema, fast.under(schema), slow.under(schema));
      next.offset = offset;
      return next;
    }

    /** Resolves every request on both sides, asserting the same output; UNCHANGED answers. */
    int resolveAll(List<byte[]> values) {
      int unchanged = 0;
      for (byte[] value : values) {
        long timestamp = START + offset;
        intakeContext.setRecordMetadata(TopicNames.DEFAULT_REQUESTS, 0, offset++);
        intake.process(new Record<>(null, value, timestamp));
        var checked = intakeContext.forwarded().get(0).record();
        intakeContext.resetForwards();
        if (!(checked.value() instanceof Step.Next<RepartitionedRequest> next)) {
          continue;
        }
        byte[] repartitioned = next.value().bytes();
        List<String> fastOut = fast.resolve(checked.key(), repartitioned, timestamp);
        List<String> slowOut = slow.resolve(checked.key(), repartitioned, timestamp);
        assertThat(fastOut)
            .as("answers to %s", REQUESTS.decode(value))
            .isEqualTo(slowOut)
            .hasSize(1);
        if (fastOut.get(0).contains("UNCHANGED")) {
          unchanged++;
        }
      }
      return unchanged;
    }

    void assertSameStores() {
      assertThat(fast.contents()).isEqualTo(slow.contents()).isNotEmpty();
    }
  }

  /** One resolver and its store. */
  private static final class Side {
    private final MockProcessorContext<String, Step<Answer>> context;
    private final KeyValueStore<String, byte[]> store;
    private final Resolve resolve;
    private final boolean fastPath;

    Side(RegistrySchema schema, boolean fastPath, Side storeOf) {
      this.fastPath = fastPath;
      this.context = new MockProcessorContext<>();
      if (storeOf == null) {
        store =
            Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(RegistryTopology.ENTRIES_STORE),
                    Serdes.String(),
                    Serdes.ByteArray())
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
      } else {
        store = storeOf.store;
      }
      context.addStateStore(store);
      resolve =
          new Resolve(
              RegistryTopology.ENTRIES_STORE, TopicNames.defaults(), schema, true, fastPath);
      resolve.init(context);
    }

    Side under(RegistrySchema schema) {
      return new Side(schema, fastPath, this);
    }

    /** What the resolver forwards for one repartitioned request, each record as text. */
    List<String> resolve(String key, byte[] repartitioned, long timestamp) {
      resolve.process(new Record<>(key, RepartitionedRequest.read(repartitioned), timestamp));
      List<String> out = new ArrayList<>();
      for (var forward : context.forwarded()) {
        Record<? extends String, ? extends Step<Answer>> record = forward.record();
        String value;
        if (record.value() instanceof Step.Next<Answer> next) {
          value = describe(next.value());
        } else {
          Step.Reject<Answer> reject = (Step.Reject<Answer>) record.value();
          value =
              "reject "
                  + hex(reject.key())
                  + " "
                  + hex(LETTERS.encode(reject.letter()))
                  + " "
                  + reject.letter().getReason();
        }
        out.add(record.key() + " @" + record.timestamp() + " " + record.headers() + " " + value);
      }
      context.resetForwards();
      return out;
    }

    List<KeyValue<String, String>> contents() {
      List<KeyValue<String, String>> out = new ArrayList<>();
      try (KeyValueIterator<String, byte[]> all = store.all()) {
        all.forEachRemaining(kv -> out.add(KeyValue.pair(kv.key, hex(kv.value))));
      }
      return out;
    }
  }

  private static String describe(Answer answer) {
    return answer.outcome()
        + " "
        + hex(answer.entry())
        + (answer.change() == null ? "" : " change " + hex(CHANGES.encode(answer.change())));
  }

  private static String hex(byte[] bytes) {
    if (bytes == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return out.toString();
  }
}
