package dev.registrystreams.http;

import java.time.Duration;

/**
 * How the write endpoints ({@code POST /requests}, {@code POST /requests:batch}) are bounded and
 * whether they are on without a bearer token.
 *
 * @param allowWithoutToken serve writes although no token is set ({@code --http-allow-writes});
 *     with a token they are on, and need it
 * @param ratePerSecond requests per second the instance accepts over HTTP, a batch counting each of
 *     its requests; one second's worth may come at once
 * @param maxWaiting requests that may wait for their answers at once ({@code --http-max-waiting}),
 *     a batch counting each of its round trips; 503 with {@code Retry-After} past it
 */
public record WriteSettings(boolean allowWithoutToken, double ratePerSecond, int maxWaiting) {

  public static final double DEFAULT_RATE = 2000;

  /**
   * One second's worth of the default rate, and room for the largest batch: callers past it are
   * refused at once rather than held, each with its exchange and its future, in memory.
   */
  public static final int DEFAULT_MAX_WAITING = 2000;

  /** Bytes of one request's body: a context of the default 64 KiB limit, and room for JSON. */
  public static final int MAX_REQUEST_BYTES = 256 * 1024;

  /** Bytes of a batch's body. */
  public static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

  /** Requests in one batch. */
  public static final int MAX_BATCH_REQUESTS = 1000;

  /** How long a caller waits for an answer unless it says ({@code ?timeout=}). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The longest wait a caller may ask for. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);

  public WriteSettings {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException(
          "the write rate must be a positive number of requests per second, not " + ratePerSecond);
    }
    if (maxWaiting < 1) {
      throw new IllegalArgumentException("at least one request must be able to wait");
    }
  }

  /** Off without a token, at the default rate. */
  public static WriteSettings defaults() {
    return new WriteSettings(false, DEFAULT_RATE, DEFAULT_MAX_WAITING);
  }
}
