package dev.registrystreams.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.streams.processor.TaskId;
import org.jspecify.annotations.Nullable;

/**
 * The key layout of one store in Redis. Every key starts with {@code <application.id>:<store>:}, so
 * several applications (and several stores) can share one Redis database:
 *
 * <pre>
 * &lt;app&gt;:&lt;store&gt;:entry:&lt;key&gt;           the value, as the store holds it (for entries: the
 *                                   RegistryEntry in Avro single-object encoding), by store key
 *                                   (for entries: the entry id)
 * &lt;app&gt;:&lt;store&gt;:key:&lt;secondary&gt;       the store key whose value has this secondary key (for
 *                                   entries: entry id by dedup key)
 * &lt;app&gt;:&lt;store&gt;:task:&lt;task&gt;:epoch     fencing epoch of the task that owns a partition
 * &lt;app&gt;:&lt;store&gt;:task:&lt;task&gt;:offsets   committed changelog offset(s) of that task
 * &lt;app&gt;:&lt;store&gt;:task:&lt;task&gt;:undo      previous values of keys written since that commit
 * &lt;app&gt;:&lt;store&gt;:settings             what the store's answers depend on (for entries: {@code
 *                                   CacheHits.settings}), for readers that answer for it
 * </pre>
 */
public final class RedisKeys {

  private final String prefix;
  private final byte[] entryPrefix;

  private RedisKeys(String prefix) {
    this.prefix = prefix;
    this.entryPrefix = bytes(prefix + ":entry:");
  }

  /** The layout of store {@code storeName} of application {@code applicationId}. */
  public static RedisKeys of(String applicationId, String storeName) {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(storeName, "storeName");
    return new RedisKeys(applicationId + ":" + storeName);
  }

  /** {@code <app>:<store>} */
  public String prefix() {
    return prefix;
  }

  /** The key that holds the value of store key {@code key}. */
  public byte[] entry(byte[] key) {
    byte[] out = Arrays.copyOf(entryPrefix, entryPrefix.length + key.length);
    System.arraycopy(key, 0, out, entryPrefix.length, key.length);
    return out;
  }

  /** The key that holds the value of a UTF-8 store key (the entry id, for the entries store). */
  public byte[] entry(String key) {
    return entry(bytes(key));
  }

  /** The store key encoded in an {@link #entry} key, or null when it is not one. */
  public byte @Nullable [] storeKeyOf(byte[] redisKey) {
    if (redisKey.length < entryPrefix.length
        || !Arrays.equals(entryPrefix, 0, entryPrefix.length, redisKey, 0, entryPrefix.length)) {
      return null;
    }
    return Arrays.copyOfRange(redisKey, entryPrefix.length, redisKey.length);
  }

  /** Glob pattern of every entry key of the store, for SCAN. */
  public byte[] entryPattern() {
    return bytes(globEscape(prefix) + ":entry:*");
  }

  /** The key that holds the store key of the value whose secondary key is {@code secondary}. */
  public byte[] index(String secondary) {
    return bytes(prefix + ":key:" + secondary);
  }

  /** The key that holds the settings the store's values were made under. */
  public byte[] settings() {
    return bytes(prefix + ":settings");
  }

  public byte[] epoch(TaskId task) {
    return bytes(prefix + ":task:" + task + ":epoch");
  }

  public byte[] offsets(TaskId task) {
    return bytes(prefix + ":task:" + task + ":offsets");
  }

  public byte[] undo(TaskId task) {
    return bytes(prefix + ":task:" + task + ":undo");
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String globEscape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
