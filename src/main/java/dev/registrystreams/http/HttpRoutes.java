package dev.registrystreams.http;

import java.util.List;

/** Every endpoint group {@code run} serves, in one list. */
public final class HttpRoutes {

  private HttpRoutes() {}

  /** The endpoint groups answering for the instance in {@code slot}. */
  public static List<HttpEndpoints> of(InstanceSlot slot) {
    return List.of(new HealthEndpoints(slot), ChangeFeed.of(slot));
  }
}
