package dev.registrystreams.http;

import java.util.List;

/** Every endpoint group {@code run} serves, in one list. */
public final class HttpRoutes {

  private HttpRoutes() {}

  /** The read-only endpoint groups answering for the instance in {@code slot}. */
  public static List<HttpEndpoints> of(InstanceSlot slot) {
    return of(slot, new HttpSettings("127.0.0.1", 0, null));
  }

  /**
   * The endpoint groups answering for the instance in {@code slot}; the write endpoints too when
   * {@code settings} turn writes on.
   */
  public static List<HttpEndpoints> of(InstanceSlot slot, HttpSettings settings) {
    // Shared by the groups: a group that adds meters takes meters.registry().
    RegistryMeters meters = RegistryMeters.watching(slot);
    ChangeFeed feed = ChangeFeed.of(slot);
    ChangeFeedClients.registerIn(meters.registry(), feed::clients);
    List<HttpEndpoints> groups = new java.util.ArrayList<>();
    groups.add(new HealthEndpoints(slot));
    groups.add(new MetricsEndpoints(meters));
    groups.add(new StatsEndpoints(slot));
    groups.add(new EntryEndpoints(slot));
    groups.add(feed);
    groups.add(new DashboardEndpoints());
    if (settings.writesOn()) {
      groups.add(new WriteEndpoints(slot, settings.writes(), meters.registry()));
    }
    return List.copyOf(groups);
  }
}
