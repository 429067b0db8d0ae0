package dev.registrystreams.topology;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.ContentHash;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records this instance's producers could not write, remembered until the request that made one
 * is processed again, so that its processor dead-letters the request instead of writing the record
 * once more.
 *
 * <p>Under exactly-once, a record the broker refuses leaves the producer's transaction unusable,
 * and at least once the producer's later records to that partition fail behind it: either way the
 * stream thread fails, is replaced ({@link #causedBy(Throwable)}), and the task goes back to its
 * last commit. An entry is remembered by its dedup key and content hash and a change by its entry
 * id and new hash, which its reprocessing reproduces even where the store already holds it (at
 * least once); any other record by the SHA-256 of its bytes, which reprocessing reproduces exactly.
 */
public final class ProductionFailures {

  /** Streams property carrying this instance's {@link ProductionFailures}. */
  public static final String CONFIG = "registry.production.failures";

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final AvroSerde<ConfigChange> CHANGES = AvroSerde.of(ConfigChange.class);

  // The bound keeps a flood of failures from growing the heap.
  private static final int MAX_REMEMBERED = 10_000;

  private final Map<String, String> refused = new ConcurrentHashMap<>();
  // By identity and by type and message: the producer may wrap the error it handed the handler.
  private final Set<Throwable> errors = ConcurrentHashMap.newKeySet();
  private final Set<String> signatures = ConcurrentHashMap.newKeySet();

  /** The instance in a Streams configuration, or a new one private to the caller. */
  static ProductionFailures from(Map<String, ?> configs) {
    return configs.get(CONFIG) instanceof ProductionFailures shared
        ? shared
        : new ProductionFailures();
  }

  /** Remembers that {@code value} could not be written, and why. */
  void record(byte[] value, Exception error, String why) {
    if (refused.size() < MAX_REMEMBERED) {
      if (value != null) {
        refused.put(identity(value), why);
      }
      errors.add(error);
      signatures.add(signature(error));
    }
  }

  /** Whether anything is remembered: only then does a processor look its outputs up. */
  boolean any() {
    return !refused.isEmpty();
  }

  /** Why the entry with this dedup key and content could not be written, once; else null. */
  String takeEntry(String dedupKey, String contentHash) {
    return refused.isEmpty() ? null : refused.remove(entryIdentity(dedupKey, contentHash));
  }

  /** Why the change to this entry and hash could not be written, once; else null. */
  String takeChange(String entryId, String hashTo) {
    return refused.isEmpty() ? null : refused.remove(changeIdentity(entryId, hashTo));
  }

  /** Why exactly these bytes could not be written, once; else null. */
  String takeBytes(byte[] value) {
    return refused.isEmpty() ? null : refused.remove(bytesIdentity(value));
  }

  /**
   * Whether {@code error}, which stopped a stream thread, is the consequence of a refused record:
   * then replacing the thread dead-letters that record and processing goes on.
   */
  public boolean causedBy(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (errors.contains(t) || signatures.contains(signature(t))) {
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

  private static String entryIdentity(String dedupKey, String contentHash) {
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
