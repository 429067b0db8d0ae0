package dev.registrystreams.app;

import dev.registrystreams.store.RedisTier;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The Redis part of a reset in Redis mode: every key of the application, {@code <application.id>:*}
 * (entries, their dedup-key index, each task's epoch, offsets and undo log, the published settings;
 * see docs/REDIS.md), so that the next start rebuilds the store from the requests topic instead of
 * finding entries (and changelog offsets) from before the reset. Keys of other applications in the
 * same database are left alone: an application id cannot contain {@code :}, so {@code <id>:*}
 * matches no other id's keys.
 *
 * <p>Keys are found with {@code SCAN} (never {@code KEYS}) and deleted with {@code UNLINK}, in
 * batches, so a large registry does not block Redis.
 */
public final class RedisReset {

  private static final int BATCH = 1000;

  /**
   * What a reset finds in Redis.
   *
   * @param url the Redis URL, password masked
   * @param pattern the keys it deletes
   * @param byKind key counts by kind: {@code entries} ({@code <app>:<store>:entry:*}), {@code
   *     dedupKeys} ({@code :key:*}), {@code tasks} ({@code :task:*}), {@code settings}, {@code
   *     other}
   */
  public record Plan(String url, String pattern, Map<String, Long> byKind) {

    public Plan {
      byKind = Map.copyOf(byKind);
    }

    /** Every key the reset deletes. */
    public long keys() {
      return byKind.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final RedisTier redis;
  private final String applicationId;

  public RedisReset(RedisTier redis, String applicationId) {
    if (!ApplicationReset.isValidApplicationId(applicationId)) {
      throw new IllegalArgumentException("not an application id: " + applicationId);
    }
    this.redis = redis;
    this.applicationId = applicationId;
  }

  /** {@code <application.id>:*} */
  public String pattern() {
    // Application ids hold only letters, digits, '.', '_' and '-': nothing to escape for a glob.
    return applicationId + ":*";
  }

  /**
   * Counts the application's keys, changing nothing.
   *
   * @throws dev.registrystreams.store.RedisUnavailableException when Redis cannot be reached
   */
  public Plan plan() {
    Map<String, Long> byKind = new TreeMap<>();
    for (String kind : new String[] {"entries", "dedupKeys", "tasks", "settings", "other"}) {
      byKind.put(kind, 0L);
    }
    scan(batch -> batch.forEach(key -> byKind.merge(kind(key), 1L, Long::sum)));
    return new Plan(redis.settings().maskedUrl(), pattern(), byKind);
  }

  /**
   * Deletes every key of the application; returns how many there were.
   *
   * @throws dev.registrystreams.store.RedisUnavailableException when Redis cannot be reached
   */
  public long execute() {
    long[] deleted = {0};
    scan(
        batch -> {
          byte[][] keys = batch.toArray(byte[][]::new);
          deleted[0] += redis.read("deleting the keys of " + applicationId, r -> r.unlink(keys));
        });
    return deleted[0];
  }

  private void scan(Consumer<List<byte[]>> perBatch) {
    ScanArgs args =
        ScanArgs.Builder.matches(pattern().getBytes(StandardCharsets.UTF_8)).limit(BATCH);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      ScanCursor from = cursor;
      KeyScanCursor<byte[]> page =
          redis.read("scanning the keys of " + applicationId, r -> scan(r, from, args));
      if (!page.getKeys().isEmpty()) {
        perBatch.accept(new ArrayList<>(page.getKeys()));
      }
      cursor = page;
    } while (!cursor.isFinished());
  }

  private static KeyScanCursor<byte[]> scan(
      RedisCommands<byte[], byte[]> redis, ScanCursor cursor, ScanArgs args) {
    return cursor == ScanCursor.INITIAL ? redis.scan(args) : redis.scan(cursor, args);
  }

  /** The kind of {@code <app>:<store>:<kind>:...}. */
  private String kind(byte[] key) {
    String text = new String(key, StandardCharsets.UTF_8);
    String[] parts = text.split(":", 4);
    if (parts.length < 3) {
      return "other";
    }
    return switch (parts[2]) {
      case "entry" -> "entries";
      case "key" -> "dedupKeys";
      case "task" -> "tasks";
      case "settings" -> "settings";
      default -> "other";
    };
  }
}
