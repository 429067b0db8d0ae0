package dev.registrystreams.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many clients follow the change feed right now, as the gauge {@value #METER}: the feed calls
 * {@link #connected()} when a client subscribes and {@link #disconnected()} when it leaves. The
 * gauge is registered with the server's meters before any feed exists, so it reads 0 until then.
 */
public final class ChangeFeedClients {

  /** The gauge's name; Prometheus shows it as {@code registry_change_feed_clients}. */
  public static final String METER = "registry.change.feed.clients";

  private final AtomicInteger clients = new AtomicInteger();

  private ChangeFeedClients() {}

  /** A count registered as the gauge in {@code registry}. */
  public static ChangeFeedClients registerIn(MeterRegistry registry) {
    ChangeFeedClients feed = new ChangeFeedClients();
    Gauge.builder(METER, feed.clients, AtomicInteger::get)
        .description("Clients following the change feed")
        .strongReference(true)
        .register(registry);
    return feed;
  }

  /** A client subscribed. */
  public void connected() {
    clients.incrementAndGet();
  }

  /** A client left (or its connection broke); call once per {@link #connected()}. */
  public void disconnected() {
    clients.decrementAndGet();
  }

  /** Clients following the feed now. */
  public int count() {
    return clients.get();
  }
}
