package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The write endpoints' rate bound, on a clock the test moves. */
class TokenBucketTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void aFullBucketLetsItsCapacityThroughThenRefillsAtTheRate() {
    TokenBucket bucket = new TokenBucket(100, 100, now::get);
    assertThat(bucket.take(60)).isZero();
    assertThat(bucket.take(40)).isZero();
    // Empty: one token comes every 10 ms.
    assertThat(bucket.take(1)).isEqualTo(Duration.ofMillis(10));
    now.addAndGet(Duration.ofMillis(50).toNanos());
    assertThat(bucket.take(5)).isZero();
    assertThat(bucket.take(5)).isEqualTo(Duration.ofMillis(50));
    // Never more than the capacity saved up, however long it was idle.
    now.addAndGet(Duration.ofHours(1).toNanos());
    assertThat(bucket.take(100)).isZero();
    assertThat(bucket.take(1)).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void aRefusedTakeTakesNothingAndMoreThanTheCapacityIsNeverTaken() {
    TokenBucket bucket = new TokenBucket(10, 10, now::get);
    assertThat(bucket.take(7)).isZero();
    assertThat(bucket.take(4)).isEqualTo(Duration.ofMillis(100));
    assertThat(bucket.take(3)).isZero();
    assertThatThrownBy(() -> bucket.take(11)).isInstanceOf(IllegalArgumentException.class);
  }
}
