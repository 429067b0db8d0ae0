package dev.registrystreams.http;

import java.util.List;

/** Every endpoint group {@code run} serves, in one list. */
public final class HttpRoutes {

  private HttpRoutes() {}

  /** The endpoint groups answering for the instance in {@code slot}. */
  public static List<HttpEndpoints> of(InstanceSlot slot) {
    // Shared by the groups: a group that adds meters takes meters.registry().
    RegistryMeters meters = RegistryMeters.watching(slot);
    ChangeFeed feed = ChangeFeed.of(slot);
    ChangeFeedClients.registerIn(meters.registry(), feed::clients);
    return List.of(
        new HealthEndpoints(slot),
        new MetricsEndpoints(meters),
        new StatsEndpoints(slot),
        new EntryEndpoints(slot),
        feed,
        new DashboardEndpoints());
  }
}
