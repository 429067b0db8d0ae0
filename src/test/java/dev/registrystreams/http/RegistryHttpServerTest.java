package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's rules, whatever the endpoint: JSON errors with the right status and no stack trace,
 * read-only methods, HEAD without a body, and the bearer token on data endpoints only. A real
 * server on a free port, called with the JDK's HTTP client.
 */
class RegistryHttpServerTest {

  private static final String TOKEN = "s3cret-token-for-the-test";

  /** Endpoints of each kind the server has to treat alike. */
  private static final HttpEndpoints SAMPLES =
      routes -> {
        HttpEndpoints.get(routes, "/open", Access.OPEN, ctx -> ctx.result("open"));
        HttpEndpoints.get(routes, "/data", Access.DATA, ctx -> ctx.result("data"));
        HttpEndpoints.get(
            routes,
            "/bad",
            Access.OPEN,
            ctx -> {
              throw HttpProblem.badParameter("limit", "must be 1..1000, not 0");
            });
        HttpEndpoints.get(
            routes,
            "/busy",
            Access.OPEN,
            ctx -> {
              throw HttpProblem.notReady("partition 2 is restoring", Duration.ofSeconds(3));
            });
        HttpEndpoints.get(
            routes,
            "/broken",
            Access.OPEN,
            ctx -> {
              throw new IllegalStateException("internal detail that must not leak");
            });
      };

  private RegistryHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private URI start(String token) {
    server = RegistryHttpServer.start(new HttpSettings("127.0.0.1", 0, token), List.of(SAMPLES));
    return URI.create(server.url());
  }

  @Test
  void unknownPathIsAJson404() {
    URI base = start(null);
    HttpResponse<String> response = HttpCalls.get(base.resolve("/no/such/path"));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(HttpCalls.json(response).get("status").asInt()).isEqualTo(404);
    assertThat(HttpCalls.json(response).get("error").asText()).contains("/no/such/path");
  }

  @Test
  void everyMethodButGetAndHeadIs405() {
    URI base = start(null);
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
      HttpResponse<String> response = HttpCalls.send(method, base.resolve("/open"));
      assertThat(response.statusCode()).as(method).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertThat(HttpCalls.json(response).get("error").asText())
          .isEqualTo("method " + method + " not allowed; this API is read-only");
    }
    assertThat(HttpCalls.send("POST", base.resolve("/no/such/path")).statusCode()).isEqualTo(405);
  }

  @Test
  void headAnswersLikeGetWithoutABody() {
    URI base = start(null);
    HttpResponse<String> head = HttpCalls.send("HEAD", base.resolve("/open"));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(HttpCalls.get(base.resolve("/open")).body()).isEqualTo("open");
  }

  @Test
  void problemsKeepTheirStatusAndMessage() {
    URI base = start(null);
    HttpResponse<String> bad = HttpCalls.get(base.resolve("/bad"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body())
        .isEqualTo("{\"error\":\"parameter 'limit' must be 1..1000, not 0\",\"status\":400}");

    HttpResponse<String> busy = HttpCalls.get(base.resolve("/busy"));
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(HttpCalls.json(busy).get("error").asText()).isEqualTo("partition 2 is restoring");
  }

  @Test
  void anUnexpectedFailureIsA500WithoutItsDetails() {
    URI base = start(null);
    HttpResponse<String> broken = HttpCalls.get(base.resolve("/broken"));
    assertThat(broken.statusCode()).isEqualTo(500);
    assertThat(broken.body())
        .isEqualTo(
            "{\"error\":\"internal error; the application's log has the details\",\"status\":500}");
  }

  @Test
  void withATokenDataNeedsItAndHealthStaysOpen() {
    URI base = start(TOKEN);
    assertThat(HttpCalls.get(base.resolve("/open")).statusCode()).isEqualTo(200);

    HttpResponse<String> none = HttpCalls.get(base.resolve("/data"));
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"registry-streams\"");
    assertThat(HttpCalls.json(none).get("error").asText())
        .isEqualTo("this endpoint needs an Authorization: Bearer <token> header");

    HttpResponse<String> wrong =
        HttpCalls.get(base.resolve("/data"), "Authorization", "Bearer not-the-token");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain(TOKEN);

    HttpResponse<String> right =
        HttpCalls.get(base.resolve("/data"), "Authorization", "Bearer " + TOKEN);
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(right.body()).isEqualTo("data");
  }

  @Test
  void withoutATokenDataIsOpen() {
    URI base = start(null);
    assertThat(HttpCalls.get(base.resolve("/data")).body()).isEqualTo("data");
  }

  @Test
  void aPortInUseIsAOneLineError() {
    URI base = start(null);
    var second = new HttpSettings("127.0.0.1", base.getPort(), null);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RegistryHttpServer.start(second, List.of(SAMPLES)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot serve HTTP on 127.0.0.1:" + base.getPort() + ": ")
        .hasMessageNotContaining("\n");
  }
}
