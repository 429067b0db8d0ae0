package dev.registrystreams.topology;

import dev.registrystreams.core.ContentHash;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records this instance's producers could not write, remembered by the SHA-256 of their value,
 * so that the processor that made one dead-letters its request when it is processed again.
 *
 * <p>Under exactly-once, a record the broker refuses leaves the producer's transaction unusable:
 * Kafka Streams aborts it and the stream thread fails. The thread is replaced ({@link
 * #causedBy(Throwable)}), the task goes back to its last commit, and this time the request ends as
 * a dead letter instead of the record that failed, so one record cannot stop the application.
 */
public final class ProductionFailures {

  /** Streams property carrying this instance's {@link ProductionFailures}. */
  public static final String CONFIG = "registry.production.failures";

  // A failure is remembered only until its request has been dead-lettered once more; the bound
  // keeps a flood of failures from growing the heap.
  private static final int MAX_REMEMBERED = 10_000;

  private final Map<String, String> refused =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > MAX_REMEMBERED;
            }
          });
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
    if (value != null) {
      refused.put(ContentHash.sha256Hex(value), why);
    }
    if (errors.size() < MAX_REMEMBERED) {
      errors.add(error);
      signatures.add(signature(error));
    }
  }

  /** Whether any value is remembered: only then does a processor look its outputs up. */
  boolean any() {
    return !refused.isEmpty();
  }

  /** Why {@code value} could not be written before, or null when it was not refused. */
  String refusal(byte[] value) {
    return value == null || refused.isEmpty() ? null : refused.get(ContentHash.sha256Hex(value));
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

  private static String signature(Throwable error) {
    return error.getClass().getName() + ": " + error.getMessage();
  }
}
