package dev.registrystreams.http;

import io.javalin.config.RoutesConfig;

/** {@code /metrics}: every meter in Prometheus' text format, open to scrapers. */
public final class MetricsEndpoints implements HttpEndpoints {

  /** What {@link RegistryMeters#scrape()} writes, as Prometheus expects it to be labelled. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final RegistryMeters meters;

  public MetricsEndpoints(RegistryMeters meters) {
    this.meters = meters;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    HttpEndpoints.get(
        routes,
        "/metrics",
        Access.OPEN,
        ctx -> ctx.contentType(CONTENT_TYPE).result(meters.scrape()));
  }

  @Override
  public void close() {
    meters.close();
  }
}
