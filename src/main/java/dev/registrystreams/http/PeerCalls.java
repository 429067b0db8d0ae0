package dev.registrystreams.http;

import io.javalin.http.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Lookups forwarded to the instance that owns the partitions asked about. A forwarded request is
 * marked ({@value #FORWARDED}) and names the partitions it is for ({@value #PARTITIONS}): the
 * receiver answers from its own stores for exactly those, and never forwards it again.
 */
final class PeerCalls {

  /** Marks a forwarded request; its value is the instance that forwarded it. */
  static final String FORWARDED = "X-Registry-Forwarded-By";

  /** The partitions a forwarded request is to be answered for, comma-separated. */
  static final String PARTITIONS = "X-Registry-Partitions";

  /** The instance (or instances, comma-separated) whose stores answered. */
  static final String SERVED_BY = "X-Registry-Served-By";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Calls to other instances at once, at most: a lookup asks each owner of a partition once. */
  private static final int MAX_CALLS = 32;

  private final PooledHttpClient client =
      new PooledHttpClient(
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build(),
          MAX_CALLS,
          "http-peer-calls");
  private final HostInfo self;

  PeerCalls(HostInfo self) {
    this.self = self;
  }

  /** Whether {@code ctx} was forwarded by another instance. */
  static boolean forwarded(Context ctx) {
    return ctx.header(FORWARDED) != null;
  }

  /** The partitions a forwarded request names; 400 when the header is not a list of numbers. */
  static Set<Integer> partitionsOf(Context ctx) {
    String header = ctx.header(PARTITIONS);
    if (header == null || header.isBlank()) {
      throw HttpProblem.of(400, "a forwarded request must name its partitions in " + PARTITIONS);
    }
    try {
      return java.util.Arrays.stream(header.split(","))
          .map(String::strip)
          .map(Integer::valueOf)
          .collect(Collectors.toSet());
    } catch (NumberFormatException e) {
      throw HttpProblem.of(400, PARTITIONS + " must be comma-separated partition numbers");
    }
  }

  /**
   * Sends the caller's request (path, query, Accept and Authorization) to {@code owner} for {@code
   * partitions}. The future fails with an {@link HttpProblem} (503) when the owner cannot be
   * reached.
   */
  CompletableFuture<HttpResponse<String>> forward(
      HostInfo owner, Context caller, Set<Integer> partitions) {
    String query = caller.queryString();
    URI uri =
        URI.create(
            "http://"
                + EntryOwners.text(owner)
                + caller.path()
                + (query == null || query.isEmpty() ? "" : "?" + query));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .GET()
            .header(FORWARDED, EntryOwners.text(self))
            .header(
                PARTITIONS,
                partitions.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
    copy(caller, request, "Authorization");
    copy(caller, request, "Accept");
    return client
        .send(request.build(), HttpResponse.BodyHandlers.ofString())
        .exceptionally(
            e -> {
              throw HttpProblem.notReady(
                  "instance " + EntryOwners.text(owner) + " that owns the key did not answer",
                  LocalEntries.RETRY);
            });
  }

  /** Writes a peer's answer as this instance's: status, body and the headers that matter. */
  static void relay(HttpResponse<String> answer, Context ctx) {
    ctx.status(answer.statusCode());
    answer.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
    for (String header : new String[] {SERVED_BY, "Retry-After", "WWW-Authenticate"}) {
      answer.headers().firstValue(header).ifPresent(value -> ctx.header(header, value));
    }
    ctx.result(answer.body());
  }

  private static void copy(Context from, HttpRequest.Builder to, String header) {
    String value = from.header(header);
    if (value != null) {
      to.header(header, value);
    }
  }
}
