package dev.registrystreams.http;

import java.util.List;

/** Every endpoint group {@code run} serves, in one list. */
public final class HttpRoutes {

  private HttpRoutes() {}

  /** The endpoint groups answering for the instance in {@code slot}. */
  public static List<HttpEndpoints> of(InstanceSlot slot) {
    // Shared by the groups: a group that adds meters takes meters.registry().
    RegistryMeters meters = RegistryMeters.watching(slot);
    // For the change feed to count its clients in; the gauge reads 0 until a feed exists.
    ChangeFeedClients feedClients = ChangeFeedClients.registerIn(meters.registry());
    return List.of(
        new HealthEndpoints(slot),
        new MetricsEndpoints(meters),
        new StatsEndpoints(slot),
        new EntryEndpoints(slot),
        new DashboardEndpoints());
  }
}
