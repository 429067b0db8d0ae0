package dev.registrystreams.http;

import java.time.Duration;

/**
 * The limits and timings of the change feed. Not options of {@code run}: the defaults suit a
 * dashboard's clients, and tests pick shorter ones.
 *
 * @param maxClients clients served at once; one more is answered 503
 * @param bufferBytes event text a client may have waiting to be sent
 * @param stallTimeout how long a client with a full buffer has to take half of it before it is
 *     disconnected as too slow
 * @param keepAlive the longest time without a message to a client (a comment then)
 * @param retry what {@code retry:} tells EventSource to wait before it reconnects
 * @param pollTimeout the longest a client's reader waits for Kafka before it looks at the time
 */
public record FeedSettings(
    int maxClients,
    int bufferBytes,
    Duration stallTimeout,
    Duration keepAlive,
    Duration retry,
    Duration pollTimeout) {

  public FeedSettings {
    if (maxClients < 1 || bufferBytes < 1) {
      throw new IllegalArgumentException("the feed needs room for one client and one event");
    }
  }

  /** 32 clients, 4 MiB each with 10 s to take half, keep-alive every 15 s, reconnect after 3 s. */
  public static FeedSettings defaults() {
    return new FeedSettings(
        32,
        4 * 1024 * 1024,
        Duration.ofSeconds(10),
        Duration.ofSeconds(15),
        Duration.ofSeconds(3),
        Duration.ofMillis(500));
  }

  public FeedSettings withKeepAlive(Duration interval) {
    Duration poll = pollTimeout.compareTo(interval) > 0 ? interval : pollTimeout;
    return new FeedSettings(maxClients, bufferBytes, stallTimeout, interval, retry, poll);
  }

  public FeedSettings withBuffer(int bytes, Duration stall) {
    return new FeedSettings(maxClients, bytes, stall, keepAlive, retry, pollTimeout);
  }

  public FeedSettings withMaxClients(int clients) {
    return new FeedSettings(clients, bufferBytes, stallTimeout, keepAlive, retry, pollTimeout);
  }
}
