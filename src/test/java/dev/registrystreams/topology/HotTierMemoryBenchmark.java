package dev.registrystreams.topology;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.Resolution;
import dev.registrystreams.core.Resolver;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;

/**
 * The heap the hot tier needs per entry: fills a Caffeine cache built as {@code HotTierStore}
 * builds it (entry-count bound, statistics, maintenance on the calling thread) with N real stored
 * entries (made by the application's own Resolver as it answers a CREATED request, Avro-encoded,
 * keyed by entry id as the store's key serde writes it), and prints the heap used after a full
 * collection, before and after, next to the bytes of the values alone.
 *
 * <p>Run by hand: {@code java -Xmx4g -cp <classes, test classes, test classpath>
 * dev.registrystreams.topology.HotTierMemoryBenchmark [entries]}
 */
public final class HotTierMemoryBenchmark {

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final String[] SCOPES = {"GOV", "SEC", "OPS", "TECH", "FIN", "LEG", "AUD"};
  private static final String[] TYPES = {"RULES", "POLICY", "STANDARD", "PROCEDURE", "GUIDANCE"};

  private HotTierMemoryBenchmark() {}

  public static void main(String[] args) {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Resolver resolver = new Resolver(RegistrySchema.defaults());
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Cache<Bytes, byte[]> cache =
        Caffeine.newBuilder()
            .recordStats()
            .executor(Runnable::run)
            .maximumSize(entries)
            .<Bytes, byte[]>build();
    long before = usedAfterGc(memory);
    long keyBytes = 0;
    long valueBytes = 0;
    for (int i = 0; i < entries; i++) {
      GenerationRequest request = request(i);
      String scope = request.getScope();
      String type = request.getType();
      DedupKey key = DedupKey.of(scope, type, request.getTitle());
      String id = EntryId.derive(scope, type, key);
      Resolution resolution =
          resolver.resolve(
              Requests.toInput(request, 1_764_000_000_000L + i, 8), key.hex(), id, null);
      byte[] value =
          ENTRIES.encode(
              EntryRecords.toRecord(resolution.entry(), request.getRequestId(), Outcome.CREATED));
      byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
      keyBytes += idBytes.length;
      valueBytes += value.length;
      cache.put(Bytes.wrap(idBytes), value);
    }
    cache.cleanUp();
    long after = usedAfterGc(memory);
    long held = after - before;
    System.out.printf(
        "%,d entries held (%,d in the cache): heap used after GC %,d -> %,d bytes, %,d for the"
            + " hot tier = %,d bytes per entry; values %,d bytes (%,d per entry), keys %,d bytes;"
            + " overhead per entry %,d bytes%n",
        entries,
        cache.estimatedSize(),
        before,
        after,
        held,
        held / entries,
        valueBytes,
        valueBytes / entries,
        keyBytes,
        (held - valueBytes) / entries);
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** The restart benchmark's entries: a title, a scope and type, and a small context each. */
  private static GenerationRequest request(int i) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", i % 3 == 0 ? "prod" : i % 3 == 1 ? "dev" : "staging");
    context.put("owner", "team-" + (i % 17));
    context.put("reviewDays", (long) (30 + i % 300));
    return GenerationRequest.newBuilder()
        .setRequestId("load-" + i)
        .setTitle("Benchmark entry number " + i)
        .setScope(SCOPES[i % SCOPES.length])
        .setType(TYPES[(i / SCOPES.length) % TYPES.length])
        .setContext(ContextValues.toAvro(context))
        .build();
  }
}
