package dev.registrystreams.cli;

import dev.registrystreams.http.HttpRoutes;
import dev.registrystreams.http.HttpSettings;
import dev.registrystreams.http.InstanceSlot;
import dev.registrystreams.http.RegistryHttpServer;
import dev.registrystreams.http.WriteSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --http-port}, {@code --http-host}, {@code --application-server}, {@code --http-token} and
 * the write options ({@code --http-allow-writes}, {@code --http-write-rate}, {@code
 * --http-max-waiting}): the HTTP side of {@code run}.
 */
public final class HttpOptions {

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "${env:REGISTRY_STREAMS_HTTP_PORT:-8080}",
      description =
          "Port of the HTTP server (lookups, health, metrics, change feed, page); 0 picks a free"
              + " one, -1 serves no HTTP. Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_HTTP_PORT.")
  int httpPort;

  @Option(
      names = "--http-host",
      paramLabel = "HOST",
      defaultValue = "${env:REGISTRY_STREAMS_HTTP_HOST:-0.0.0.0}",
      description =
          "Address the HTTP server binds. Default: ${DEFAULT-VALUE} (every interface)."
              + " Env: REGISTRY_STREAMS_HTTP_HOST.")
  String httpHost;

  @Option(
      names = "--application-server",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:REGISTRY_STREAMS_APPLICATION_SERVER}",
      description =
          "How other instances reach this one's HTTP server, to route lookups of the keys it owns"
              + " (Kafka Streams' application.server), e.g. the pod's DNS name. Default: --http-host"
              + " when it is one address, else this host's address, with the HTTP port."
              + " Env: REGISTRY_STREAMS_APPLICATION_SERVER.")
  @Nullable String applicationServer;

  @Option(
      names = "--http-token",
      paramLabel = "TOKEN",
      defaultValue = "${env:REGISTRY_STREAMS_HTTP_TOKEN}",
      description =
          "Bearer token the data endpoints (/entries, /changes, the page's data) require in an"
              + " Authorization header; health and metrics stay open. Prefer the environment"
              + " variable, which no process listing shows. Default: none (open)."
              + " Env: REGISTRY_STREAMS_HTTP_TOKEN.")
  @Nullable String httpToken;

  @Option(
      names = "--http-allow-writes",
      defaultValue = "${env:REGISTRY_STREAMS_HTTP_ALLOW_WRITES:-false}",
      description =
          "Serve POST /requests and POST /requests:batch (generation over HTTP) without a bearer"
              + " token. With --http-token they are on and need the token; without either, every"
              + " write is 405. Env: REGISTRY_STREAMS_HTTP_ALLOW_WRITES.")
  boolean allowWrites;

  @Option(
      names = "--http-write-rate",
      paramLabel = "REQUESTS_PER_SECOND",
      defaultValue = "${env:REGISTRY_STREAMS_HTTP_WRITE_RATE:-2000}",
      description =
          "Generation requests per second the HTTP server takes (a batch counts each request); one"
              + " second's worth may come at once; past it, 429 with Retry-After."
              + " Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_HTTP_WRITE_RATE.")
  double writeRate;

  @Option(
      names = "--http-max-waiting",
      paramLabel = "REQUESTS",
      defaultValue = "${env:REGISTRY_STREAMS_HTTP_MAX_WAITING:-2000}",
      description =
          "Generation requests that may wait for their answers over HTTP at once (a batch counts"
              + " each round trip); past it, 503 with Retry-After, so that a flood of callers holds"
              + " bounded memory. Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_HTTP_MAX_WAITING.")
  int maxWaiting;

  /** False with {@code --http-port -1}. */
  boolean enabled() {
    return httpPort != -1;
  }

  /** The server's settings; a usage error for a port out of range. */
  HttpSettings settings() {
    if (httpPort < -1 || httpPort > 65535) {
      throw new UserException(
          "--http-port must be 0..65535 (or -1 for no HTTP), not " + httpPort,
          RegistryStreamsCli.USAGE);
    }
    if (httpHost == null || httpHost.isBlank()) {
      throw new UserException("--http-host must not be empty", RegistryStreamsCli.USAGE);
    }
    if (applicationServer != null && !applicationServer.isBlank()) {
      applicationServer(httpPort);
    }
    if (!(writeRate > 0) || Double.isInfinite(writeRate)) {
      throw new UserException(
          "--http-write-rate must be a positive number of requests per second, not " + writeRate,
          RegistryStreamsCli.USAGE);
    }
    if (maxWaiting < 1) {
      throw new UserException(
          "--http-max-waiting must be at least 1, not " + maxWaiting, RegistryStreamsCli.USAGE);
    }
    return new HttpSettings(
        httpHost.strip(),
        httpPort,
        httpToken,
        new WriteSettings(allowWrites, writeRate, maxWaiting));
  }

  /**
   * Starts the HTTP server these options describe, answering for the instance {@code slot} will
   * hold; a port that cannot be bound is a one-line error.
   */
  RegistryHttpServer serve(HttpSettings settings, InstanceSlot slot) {
    try {
      return RegistryHttpServer.start(settings, HttpRoutes.of(slot, settings));
    } catch (IllegalStateException e) {
      throw new UserException(e.getMessage());
    }
  }

  /**
   * {@code application.server} for a server listening on {@code port}: the option, or the address
   * other instances can reach this one at.
   */
  String applicationServer(int port) {
    if (applicationServer != null && !applicationServer.isBlank()) {
      String server = applicationServer.strip();
      int colon = server.lastIndexOf(':');
      if (colon <= 0
          || colon == server.length() - 1
          || !server.substring(colon + 1).matches("\\d{1,5}")) {
        throw new UserException(
            "--application-server must be HOST:PORT, not "
                + dev.registrystreams.core.text.UserText.quote(server),
            RegistryStreamsCli.USAGE);
      }
      return server;
    }
    return advertisedHost() + ":" + port;
  }

  private String advertisedHost() {
    String host = httpHost.strip();
    if (!host.equals("0.0.0.0") && !host.equals("::")) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      return "127.0.0.1";
    }
  }
}
