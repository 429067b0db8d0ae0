package dev.registrystreams.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hot tier's cache (Caffeine, W-TinyLFU) against a plain LRU map of the same size, on the same
 * Zipf-distributed key trace: throughput of get-or-load, and the hit rate as aux counters.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HotTierBenchmark {

  /** Distinct keys in the trace; the cache holds a tenth of them. */
  private static final int KEYS = 100_000;

  private static final int CAPACITY = KEYS / 10;
  private static final int TRACE = 1 << 20;

  @Param({"0.8", "1.0"})
  public double zipfExponent;

  private long[] trace;
  private int next;
  private Cache<Long, byte[]> caffeine;
  private Map<Long, byte[]> lru;
  private final byte[] value = new byte[512];

  /** Hits and misses per iteration: hit rate = hits / (hits + misses). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Hits {
    public long hits;
    public long misses;

    @Setup(Level.Iteration)
    public void clear() {
      hits = 0;
      misses = 0;
    }
  }

  @Setup
  public void setUp() {
    trace = zipfTrace(KEYS, zipfExponent, TRACE, 42);
    caffeine = Caffeine.newBuilder().maximumSize(CAPACITY).executor(Runnable::run).build();
    lru =
        new LinkedHashMap<>(CAPACITY * 2, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > CAPACITY;
          }
        };
  }

  private long nextKey() {
    long key = trace[next];
    next = (next + 1) & (TRACE - 1);
    return key;
  }

  @Benchmark
  public byte[] caffeine(Hits hits) {
    Long key = nextKey();
    byte[] cached = caffeine.getIfPresent(key);
    if (cached != null) {
      hits.hits++;
      return cached;
    }
    hits.misses++;
    caffeine.put(key, value);
    return value;
  }

  @Benchmark
  public byte[] lruMap(Hits hits) {
    Long key = nextKey();
    byte[] cached = lru.get(key);
    if (cached != null) {
      hits.hits++;
      return cached;
    }
    hits.misses++;
    lru.put(key, value);
    return value;
  }

  /** A trace of keys 0..n-1 drawn by a Zipf law with exponent s, ranks shuffled over keys. */
  static long[] zipfTrace(int n, double s, int length, long seed) {
    UniformRandomProvider random = RandomSource.SPLIT_MIX_64.create(seed);
    int[] keyOfRank = PermutationSampler.natural(n);
    PermutationSampler.shuffle(random, keyOfRank);
    DiscreteSampler zipf = RejectionInversionZipfSampler.of(random, n, s);
    long[] trace = new long[length];
    for (int i = 0; i < length; i++) {
      trace[i] = keyOfRank[zipf.sample() - 1];
    }
    return trace;
  }
}
