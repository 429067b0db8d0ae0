package dev.registrystreams.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@code run}: serves the endpoint groups it is given, read-only but for the write
 * endpoints when {@link HttpSettings#writesOn()}, with every error as JSON {@code {"error": "...",
 * "status": N}} and no stack trace in any answer.
 */
public final class RegistryHttpServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryHttpServer.class);
  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Connections open at once; more wait to be accepted until one closes. */
  static final int MAX_CONNECTIONS = 4096;

  private final Javalin javalin;
  private final HttpSettings settings;
  private final List<HttpEndpoints> endpoints;

  private RegistryHttpServer(
      Javalin javalin, HttpSettings settings, List<HttpEndpoints> endpoints) {
    this.javalin = javalin;
    this.settings = settings;
    this.endpoints = endpoints;
  }

  /**
   * Starts listening.
   *
   * @throws IllegalStateException with a one-line reason when the port cannot be bound
   */
  public static RegistryHttpServer start(HttpSettings settings, List<HttpEndpoints> endpoints) {
    Javalin javalin =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              // Only the write endpoints read a body, through their own bounded reader.
              config.http.maxRequestSize = 64 * 1024;
              config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
              // Jetty's threads are bounded by Javalin's pool (at most 250); connections are not,
              // and each holds buffers: past this many, new ones wait in the accept queue.
              config.jetty.modifyServer(
                  server -> server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server)));
              config.routes.before(ctx -> onlyReads(ctx, settings));
              config.routes.beforeMatched(ctx -> authorize(ctx, settings));
              config.routes.exception(HttpProblem.class, RegistryHttpServer::problem);
              config.routes.exception(
                  HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), describe(e)));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    log.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
                    error(ctx, 500, "internal error; the application's log has the details");
                  });
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null) {
                      error(ctx, 404, "no such path: " + ctx.path());
                    }
                  });
              endpoints.forEach(group -> group.addTo(config.routes));
            });
    try {
      javalin.start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      javalin.stop();
      closeAll(endpoints);
      throw new IllegalStateException(
          "cannot serve HTTP on " + settings.host() + ":" + settings.port() + ": " + rootMessage(e),
          e);
    }
    return new RegistryHttpServer(javalin, settings, List.copyOf(endpoints));
  }

  /** The port it listens on: the one asked for, or the free one it picked for port 0. */
  public int port() {
    return javalin.port();
  }

  /**
   * The base URL to print: the bound address, or {@code localhost} when bound to every interface.
   */
  public String url() {
    String host = settings.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
      host = "localhost";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port();
  }

  /**
   * Closes the endpoint groups (the change feed first lets go of the requests it is streaming, so
   * that Jetty need not wait for them), then stops listening. On an interrupted thread too (how an
   * in-process caller stops {@code run}): Jetty's stop waits, and would fail at once, so the
   * interrupt is set aside while it waits and restored afterwards.
   */
  @Override
  public void close() {
    boolean interrupted = Thread.interrupted();
    try {
      closeAll(endpoints);
      javalin.stop();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeAll(List<HttpEndpoints> endpoints) {
    for (HttpEndpoints group : endpoints) {
      try {
        group.close();
      } catch (RuntimeException e) {
        log.warn("Closing the endpoint group {} failed", group.getClass().getSimpleName(), e);
      }
    }
  }

  /** Writes {@code {"error": message, "status": status}}. */
  static void error(Context ctx, int status, String message) {
    ctx.status(status);
    ctx.contentType("application/json");
    try {
      Map<String, Object> body = new java.util.LinkedHashMap<>();
      body.put("error", message);
      body.put("status", status);
      ctx.result(JSON.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code problem}: its status, message and details, and its {@code Retry-After}. */
  static void problem(HttpProblem problem, Context ctx) {
    if (problem.retryAfter() != null) {
      // Whole seconds, rounded up: a client that waits what it is told is not refused again.
      long millis = problem.retryAfter().toMillis();
      ctx.header("Retry-After", Long.toString(Math.max(1, (millis + 999) / 1000)));
    }
    if (problem.details().isEmpty()) {
      error(ctx, problem.status(), problem.getMessage());
      return;
    }
    ctx.status(problem.status());
    ctx.contentType("application/json");
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("error", problem.getMessage());
    body.put("status", problem.status());
    body.putAll(problem.details());
    try {
      ctx.result(JSON.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every method but GET and HEAD is refused, except POST on the write endpoints while writes are
   * on: a read-only deployment stays read-only whatever groups it serves. While writes are on, the
   * write endpoints take POST only: a GET there is a 405 naming POST, not a 404.
   */
  private static void onlyReads(Context ctx, HttpSettings settings) {
    String method = ctx.method().name();
    boolean writePath = WriteEndpoints.PATHS.contains(ctx.path());
    if (READ_METHODS.contains(method) && !(writePath && settings.writesOn())) {
      return;
    }
    if (writePath && settings.writesOn() && method.equals("POST")) {
      return;
    }
    if (writePath) {
      ctx.header("Allow", settings.writesOn() ? "POST" : "GET, HEAD");
      throw HttpProblem.of(
          405,
          settings.writesOn()
              ? "method " + method + " not allowed; " + ctx.path() + " takes POST"
              : "method "
                  + method
                  + " not allowed; writes are off on this instance (they need --http-token,"
                  + " or --http-allow-writes)");
    }
    ctx.header("Allow", "GET, HEAD");
    throw HttpProblem.of(405, "method " + method + " not allowed; this API is read-only");
  }

  private static void authorize(Context ctx, HttpSettings settings) {
    if (settings.bearerToken().isEmpty()
        || !(ctx.routeRoles().contains(Access.DATA) || ctx.routeRoles().contains(Access.WRITE))) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"registry-streams\"");
      throw HttpProblem.of(401, "this endpoint needs an Authorization: Bearer <token> header");
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    byte[] expected = settings.bearerToken().get().getBytes(StandardCharsets.UTF_8);
    // Constant time: the time to refuse a guess says nothing about how much of it was right.
    if (!MessageDigest.isEqual(given, expected)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"registry-streams\", error=\"invalid_token\"");
      throw HttpProblem.of(401, "the bearer token is not valid");
    }
  }

  private static String describe(HttpResponseException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? "HTTP " + e.getStatus() : message;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
