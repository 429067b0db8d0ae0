package dev.registrystreams.http;

import io.javalin.security.RouteRole;

/** Who may call an endpoint when a bearer token is set. */
public enum Access implements RouteRole {
  /** Health and metrics: open to probes and scrapers, which carry no token. */
  OPEN,
  /** The registry's data (entries, changes, the page's data): the token is needed. */
  DATA,
  /** Generation requests (POST): the token is needed, and without one writes are off by default. */
  WRITE
}
