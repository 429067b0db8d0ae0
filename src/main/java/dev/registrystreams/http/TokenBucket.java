package dev.registrystreams.http;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, at most {@code capacity} saved up. Twenty
 * lines of arithmetic under a lock serve the one bound the write endpoints need, where a rate
 * limiting library would add a dependency for the same.
 */
final class TokenBucket {

  private final double ratePerNano;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  TokenBucket(double ratePerSecond, double capacity, LongSupplier nanoTime) {
    if (ratePerSecond <= 0 || capacity < 1) {
      throw new IllegalArgumentException("rate must be positive and capacity at least 1");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.capacity = capacity;
    this.nanoTime = nanoTime;
    this.tokens = capacity;
    this.last = nanoTime.getAsLong();
  }

  TokenBucket(double ratePerSecond, double capacity) {
    this(ratePerSecond, capacity, System::nanoTime);
  }

  /**
   * Takes {@code count} tokens if there are that many; otherwise takes none and returns how long
   * until there will be ({@link Duration#ZERO} when they were taken).
   */
  synchronized Duration take(int count) {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
    last = now;
    if (tokens >= count) {
      tokens -= count;
      return Duration.ZERO;
    }
    // More than the bucket holds can never be taken at once: the wait is for a full bucket then.
    double missing = Math.min(count, capacity) - tokens;
    return Duration.ofNanos((long) Math.ceil(missing / ratePerNano));
  }

  double capacity() {
    return capacity;
  }
}
