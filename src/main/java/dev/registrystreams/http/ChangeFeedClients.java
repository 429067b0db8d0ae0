package dev.registrystreams.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntSupplier;

/** The gauge {@value #METER}: how many clients follow the change feed right now. */
public final class ChangeFeedClients {

  /** The gauge's name; Prometheus shows it as {@code registry_change_feed_clients}. */
  public static final String METER = "registry.change.feed.clients";

  private ChangeFeedClients() {}

  /** Registers the gauge in {@code registry}, reading the count from {@code clients}. */
  public static void registerIn(MeterRegistry registry, IntSupplier clients) {
    Gauge.builder(METER, clients, IntSupplier::getAsInt)
        .description("Clients following the change feed")
        .strongReference(true)
        .register(registry);
  }
}
