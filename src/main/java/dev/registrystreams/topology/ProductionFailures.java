package dev.registrystreams.topology;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.ContentHash;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The records this instance's producers could not write, remembered for a while after the last time
 * a request would have written one again, so that every such request is dead-lettered instead of
 * writing the record once more.
 *
 * <p>Under exactly-once, a record the broker refuses leaves the producer's transaction unusable,
 * and at least once the producer's later records to that partition fail behind it: either way the
 * stream thread fails, is replaced ({@link #causedBy(Throwable)}), and the task goes back to its
 * last commit. An entry is remembered by its dedup key and content hash and a change by its entry
 * id and new hash, which its reprocessing reproduces even where the store already holds it (at
 * least once); any other record by the SHA-256 of its bytes, which reprocessing reproduces exactly.
 *
 * <p>A refusal is not forgotten once it has been used: at least once, the task upstream of the
 * repartition goes back to its last commit too and forwards the request again, so it can reach
 * resolution twice, and a second attempt to write the refused record would fail the thread again (a
 * rebalance each time). A request that makes the same record later, such as a repeat whose answer
 * is as large, is refused for the same reason, so it is dead-lettered as well. Refusals expire, so
 * that a topic whose limit was raised is written to again.
 */
public final class ProductionFailures {

  /** Streams property carrying this instance's {@link ProductionFailures}. */
  public static final String CONFIG = "registry.production.failures";

  /** How long a refusal is remembered after the last request it applied to. */
  static final Duration REMEMBERED_FOR = Duration.ofMinutes(10);

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final AvroSerde<ConfigChange> CHANGES = AvroSerde.of(ConfigChange.class);

  // The bound keeps a flood of failures from growing the heap; the oldest are forgotten first.
  private static final int MAX_REMEMBERED = 10_000;

  private final Cache<String, String> refused;
  // By identity and by type and message: the producer may wrap the error it handed the handler.
  private final Cache<Throwable, Boolean> errors;
  private final Cache<String, Boolean> signatures;

  /** Failures remembered for {@link #REMEMBERED_FOR}. */
  public ProductionFailures() {
    this(REMEMBERED_FOR, Ticker.systemTicker());
  }

  ProductionFailures(Duration rememberedFor, Ticker ticker) {
    this.refused = remembered(rememberedFor, ticker).build();
    this.errors = remembered(rememberedFor, ticker).weakKeys().build();
    this.signatures = remembered(rememberedFor, ticker).build();
  }

  private static Caffeine<Object, Object> remembered(Duration rememberedFor, Ticker ticker) {
    return Caffeine.newBuilder()
        .maximumSize(MAX_REMEMBERED)
        .expireAfterAccess(rememberedFor)
        .ticker(ticker)
        .executor(Runnable::run);
  }

  /** The instance in a Streams configuration, or a new one private to the caller. */
  static ProductionFailures from(Map<String, ?> configs) {
    return configs.get(CONFIG) instanceof ProductionFailures shared
        ? shared
        : new ProductionFailures();
  }

  /** Remembers that {@code value} could not be written, and why. */
  void record(byte @Nullable [] value, Exception error, String why) {
    if (value != null) {
      refused.put(identity(value), why);
    }
    errors.put(error, Boolean.TRUE);
    signatures.put(signature(error), Boolean.TRUE);
  }

  /** Whether anything is remembered: only then does a processor look its outputs up. */
  boolean any() {
    return refused.estimatedSize() > 0;
  }

  /** Why the entry with this dedup key and content could not be written; else null. */
  @Nullable String refusalOfEntry(String dedupKey, @Nullable String contentHash) {
    return any() ? refused.getIfPresent(entryIdentity(dedupKey, contentHash)) : null;
  }

  /** Why the change to this entry and hash could not be written; else null. */
  @Nullable String refusalOfChange(String entryId, String hashTo) {
    return any() ? refused.getIfPresent(changeIdentity(entryId, hashTo)) : null;
  }

  /** Why exactly these bytes could not be written; else null. */
  @Nullable String refusalOfBytes(byte[] value) {
    return any() ? refused.getIfPresent(bytesIdentity(value)) : null;
  }

  /**
   * Whether {@code error}, which stopped a stream thread, is the consequence of a refused record:
   * then replacing the thread dead-letters that record and processing goes on.
   */
  public boolean causedBy(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (errors.getIfPresent(t) != null || signatures.getIfPresent(signature(t)) != null) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String identity(byte[] value) {
    if (ENTRIES.hasHeader(value)) {
      StoredEntry.Summary entry = StoredEntry.summary(value);
      return entryIdentity(entry.dedupKey(), entry.contentHash());
    }
    if (CHANGES.hasHeader(value)) {
      ConfigChange change = CHANGES.decode(value);
      return changeIdentity(change.getEntryId(), change.getHashTo());
    }
    return bytesIdentity(value);
  }

  private static String entryIdentity(String dedupKey, @Nullable String contentHash) {
    return "entry " + dedupKey + " " + contentHash;
  }

  private static String changeIdentity(String entryId, String hashTo) {
    return "change " + entryId + " " + hashTo;
  }

  private static String bytesIdentity(byte[] value) {
    return "bytes " + ContentHash.sha256Hex(value);
  }

  private static String signature(Throwable error) {
    return error.getClass().getName() + ": " + error.getMessage();
  }
}
