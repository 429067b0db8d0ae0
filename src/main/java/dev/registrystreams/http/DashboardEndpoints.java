package dev.registrystreams.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /}: the dashboard page, static HTML, CSS and JavaScript from the jar. The page itself
 * holds no data, so it is open; the data it fetches is behind the token like any other.
 */
public final class DashboardEndpoints implements HttpEndpoints {

  /** The page loads nothing from elsewhere, and nothing may frame it. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private static final Map<String, Asset> ASSETS =
      Map.of(
          "/", new Asset("index.html", "text/html; charset=utf-8"),
          "/dashboard/dashboard.js", new Asset("dashboard.js", "text/javascript; charset=utf-8"),
          "/dashboard/dashboard.css", new Asset("dashboard.css", "text/css; charset=utf-8"));

  private record Asset(String file, String contentType) {
    byte[] bytes() {
      try (InputStream in = DashboardEndpoints.class.getResourceAsStream("/dashboard/" + file)) {
        if (in == null) {
          throw new IllegalStateException("the jar lacks dashboard/" + file);
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void addTo(RoutesConfig routes) {
    ASSETS.forEach(
        (path, asset) -> {
          byte[] bytes = asset.bytes();
          HttpEndpoints.get(routes, path, Access.OPEN, ctx -> serve(ctx, asset, bytes));
        });
  }

  private static void serve(Context ctx, Asset asset, byte[] bytes) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(asset.contentType());
    ctx.result(bytes);
  }
}
