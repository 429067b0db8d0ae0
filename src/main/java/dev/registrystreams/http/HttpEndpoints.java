package dev.registrystreams.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

/** A group of endpoints the server serves: health, lookups, the change feed, the page. */
public interface HttpEndpoints {

  /** Adds this group's routes. */
  void addTo(RoutesConfig routes);

  /** Releases what the group holds (threads, listeners) once the server has stopped. */
  default void close() {}

  /** Serves {@code handler} on GET and HEAD (the server sends no body for HEAD). */
  static void get(RoutesConfig routes, String path, Access access, Handler handler) {
    routes.get(path, handler, access);
    routes.head(path, handler, access);
  }
}
