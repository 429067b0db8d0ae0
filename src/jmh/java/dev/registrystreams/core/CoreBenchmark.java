package dev.registrystreams.core;

import dev.registrystreams.core.diff.ConfigDiff;
import dev.registrystreams.core.diff.PathChange;
import dev.registrystreams.core.yaml.YamlCodec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The per-record steps of the core, one at a time, on one thread. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CoreBenchmark {

  private static final int VARIANTS = 1024;

  private final RequestValidator validator = new RequestValidator(Samples.SCHEMA);
  private final Resolver resolver = new Resolver(Samples.SCHEMA);
  private final SecretMasker masker = Samples.SCHEMA.secretMasker();
  private GenerationInput[] inputs;
  private Entry[] created;
  private Map<String, Object>[] contents;
  private int next;

  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() {
    inputs = new GenerationInput[VARIANTS];
    created = new Entry[VARIANTS];
    contents = new Map[VARIANTS];
    for (int i = 0; i < VARIANTS; i++) {
      inputs[i] = Samples.input(i);
      DedupKey key = DedupKey.of("GOV", "RULES", inputs[i].title());
      created[i] =
          resolver.resolve(inputs[i], key.hex(), EntryId.derive("GOV", "RULES", key), null).entry();
      contents[i] = EntryDocument.contentOf(YamlCodec.load(created[i].config()));
    }
  }

  private int next() {
    next = (next + 1) & (VARIANTS - 1);
    return next;
  }

  @Benchmark
  public Optional<Rejection> validation() {
    return validator.validate(inputs[next()]);
  }

  /** Whether a context holds a secret: asked of every request on intake and again on resolve. */
  @Benchmark
  public boolean secretScan() {
    return masker.changes(inputs[next()].context());
  }

  @Benchmark
  public String keyDerivation() {
    GenerationInput in = inputs[next()];
    DedupKey key = DedupKey.of(in.scope(), in.type(), in.title());
    return EntryId.derive(in.scope(), in.type(), key);
  }

  /** A new entry: masking, header, content and full YAML, SHA-256, the all-ADD diff. */
  @Benchmark
  public Resolution generationCreated() {
    int i = next();
    Entry entry = created[i];
    return resolver.resolve(inputs[i], entry.dedupKey(), entry.id(), null);
  }

  /** A repeat of the current content: the answer is the stored entry. */
  @Benchmark
  public Resolution resolutionUnchanged() {
    int i = next();
    Entry entry = created[i];
    return resolver.resolve(inputs[i], entry.dedupKey(), entry.id(), entry);
  }

  /** Changed content: a new revision and the diff against the stored config. */
  @Benchmark
  public Resolution resolutionUpdated() {
    int i = next();
    Entry prior = created[(i + 1) & (VARIANTS - 1)];
    Entry entry = created[i];
    return resolver.resolve(
        inputs[i],
        entry.dedupKey(),
        entry.id(),
        new Entry(
            entry.id(),
            entry.dedupKey(),
            prior.revision(),
            prior.header(),
            prior.grepable(),
            prior.config(),
            prior.contentHash(),
            prior.scope(),
            prior.type(),
            prior.variant(),
            prior.version(),
            prior.status(),
            prior.title(),
            prior.createdAt(),
            prior.updatedAt(),
            prior.context()));
  }

  @Benchmark
  public List<PathChange> diff() {
    int i = next();
    return ConfigDiff.diff(contents[i], contents[(i + 1) & (VARIANTS - 1)]);
  }
}
