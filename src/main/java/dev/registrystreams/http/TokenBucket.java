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
   *
   * @throws IllegalArgumentException for more tokens than the capacity
   */
  synchronized Duration take(int count) {
    if (count > capacity) {
      // Could never be taken: the caller must refuse it otherwise (a batch too large, 413).
      throw new IllegalArgumentException(count + " tokens are more than the bucket holds");
    }
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
    last = now;
    if (tokens >= count) {
      tokens -= count;
      return Duration.ZERO;
    }
    double missing = count - tokens;
    return Duration.ofNanos((long) Math.ceil(missing / ratePerNano));
  }

  double capacity() {
    return capacity;
  }
}
