package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write endpoints' rules that hold before any request reaches Kafka: off unless switched on,
 * the token, the content type, the body's size, the rate, the JSON's syntax, the timeout's form,
 * and 503 while the instance is starting. A real server without an instance (an empty slot), so
 * nothing here can be sent.
 */
class WriteEndpointsTest {

  private static final String TOKEN = "write-token-for-the-test";
  private static final String REQUEST = "{\"title\":\"t\",\"scope\":\"GOV\",\"type\":\"RULES\"}";

  private RegistryHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private URI start(String token, boolean allowWrites, double rate) {
    HttpSettings settings =
        new HttpSettings(
            "127.0.0.1",
            0,
            token,
            new WriteSettings(allowWrites, rate, WriteSettings.DEFAULT_MAX_WAITING));
    server = RegistryHttpServer.start(settings, HttpRoutes.of(new InstanceSlot(), settings));
    return URI.create(server.url());
  }

  @Test
  void withoutATokenWritesAreOffUnlessAllowed() {
    URI base = start(null, false, 100);
    for (String path : List.of("/requests", "/requests:batch")) {
      HttpResponse<String> response = HttpCalls.postJson(base.resolve(path), REQUEST);
      assertThat(response.statusCode()).as(path).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertThat(HttpCalls.json(response).get("error").asText())
          .isEqualTo(
              "method POST not allowed; writes are off on this instance (they need"
                  + " --http-token, or --http-allow-writes)");
    }
  }

  @Test
  void allowedWritesAnswer503WhileTheInstanceIsStartingAndOtherMethods405() {
    URI base = start(null, true, 100);
    HttpResponse<String> starting = HttpCalls.postJson(base.resolve("/requests"), REQUEST);
    assertThat(starting.statusCode()).isEqualTo(503);
    assertThat(starting.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(HttpCalls.json(starting).get("error").asText())
        .isEqualTo("the application is starting: connecting to Kafka");

    for (String path : List.of("/requests", "/requests:batch")) {
      // GET and HEAD too: the path exists, and takes POST only.
      for (String method : List.of("GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS")) {
        HttpResponse<String> wrong = HttpCalls.send(method, base.resolve(path));
        assertThat(wrong.statusCode()).as(method + " " + path).isEqualTo(405);
        assertThat(wrong.headers().firstValue("Allow")).as(method).hasValue("POST");
        if (!method.equals("HEAD")) {
          assertThat(wrong.body()).doesNotContain("\n");
          assertThat(HttpCalls.json(wrong).get("error").asText())
              .isEqualTo("method " + method + " not allowed; " + path + " takes POST");
          assertThat(HttpCalls.json(wrong).get("status").asInt()).isEqualTo(405);
        }
      }
    }
    // Every other path stays read-only.
    HttpResponse<String> elsewhere = HttpCalls.postJson(base.resolve("/entries"), REQUEST);
    assertThat(elsewhere.statusCode()).isEqualTo(405);
    assertThat(elsewhere.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void aTokenTurnsWritesOnAndIsNeeded() {
    URI base = start(TOKEN, false, 100);
    HttpResponse<String> without = HttpCalls.postJson(base.resolve("/requests"), REQUEST);
    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(without.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"registry-streams\"");
    HttpResponse<String> wrong =
        HttpCalls.postJson(
            base.resolve("/requests:batch"), "[" + REQUEST + "]", "Authorization", "Bearer nope");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain(TOKEN);
    HttpResponse<String> with =
        HttpCalls.postJson(base.resolve("/requests"), REQUEST, "Authorization", "Bearer " + TOKEN);
    assertThat(with.statusCode()).isEqualTo(503);
  }

  @Test
  void onlyJsonIsTaken() {
    URI base = start(null, true, 100);
    HttpResponse<String> form =
        HttpCalls.post(
            base.resolve("/requests"),
            "title=t",
            "Content-Type",
            "application/x-www-form-urlencoded");
    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(HttpCalls.json(form).get("error").asText())
        .isEqualTo("Content-Type must be application/json");
    HttpResponse<String> text =
        HttpCalls.post(base.resolve("/requests:batch"), REQUEST, "Content-Type", "text/plain");
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(HttpCalls.json(text).get("error").asText())
        .isEqualTo(
            "Content-Type must be application/json (a JSON array) or application/jsonl (JSON"
                + " Lines)");
  }

  @Test
  void bodiesAreBounded() {
    URI base = start(null, true, 5000);
    String big = "{\"title\":\"" + "x".repeat(WriteSettings.MAX_REQUEST_BYTES) + "\"}";
    HttpResponse<String> one = HttpCalls.postJson(base.resolve("/requests"), big);
    assertThat(one.statusCode()).isEqualTo(413);
    assertThat(HttpCalls.json(one).get("error").asText())
        .isEqualTo("the body is larger than 256 KiB");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i <= WriteSettings.MAX_BATCH_REQUESTS; i++) {
      lines.append(REQUEST).append('\n');
    }
    HttpResponse<String> many =
        HttpCalls.post(
            base.resolve("/requests:batch"), lines.toString(), "Content-Type", "application/jsonl");
    assertThat(many.statusCode()).isEqualTo(413);
    assertThat(HttpCalls.json(many).get("error").asText())
        .isEqualTo("a batch holds at most 1000 requests");
  }

  @Test
  void syntaxAndParametersAre400() {
    URI base = start(null, true, 5000);
    HttpResponse<String> broken =
        HttpCalls.postJson(base.resolve("/requests"), "{\"title\": \"secret-ish\" ");
    assertThat(broken.statusCode()).isEqualTo(400);
    JsonNode error = HttpCalls.json(broken);
    assertThat(error.get("error").asText())
        .startsWith("the body is not valid JSON (line 1, column");
    // The body's text is never repeated back.
    assertThat(broken.body()).doesNotContain("secret-ish");
    HttpResponse<String> line =
        HttpCalls.post(
            base.resolve("/requests:batch"),
            REQUEST + "\n{oops\n",
            "Content-Type",
            "application/jsonl");
    assertThat(line.statusCode()).isEqualTo(400);
    assertThat(HttpCalls.json(line).get("error").asText()).startsWith("line 2 is not valid JSON");
    HttpResponse<String> notArray = HttpCalls.postJson(base.resolve("/requests:batch"), REQUEST);
    assertThat(notArray.statusCode()).isEqualTo(400);
    assertThat(HttpCalls.json(notArray).get("error").asText())
        .isEqualTo("a batch is a JSON array of requests, or JSON Lines (application/jsonl)");
    for (String timeout : List.of("soon", "-1s", "121s", "3h")) {
      HttpResponse<String> bad =
          HttpCalls.postJson(base.resolve("/requests?timeout=" + timeout), REQUEST);
      assertThat(bad.statusCode()).as(timeout).isEqualTo(400);
      assertThat(HttpCalls.json(bad).get("error").asText()).startsWith("parameter 'timeout' ");
    }
    HttpResponse<String> cache = HttpCalls.postJson(base.resolve("/requests?cache=no"), REQUEST);
    assertThat(cache.statusCode()).isEqualTo(400);
    assertThat(HttpCalls.json(cache).get("error").asText())
        .isEqualTo("parameter 'cache' must be true or false");
  }

  @Test
  void pastTheRateA429WithRetryAfter() {
    // One request per 100 s: the first is taken, the next is refused for most of that.
    URI base = start(null, true, 0.01);
    assertThat(HttpCalls.postJson(base.resolve("/requests"), REQUEST).statusCode()).isEqualTo(503);
    HttpResponse<String> refused = HttpCalls.postJson(base.resolve("/requests"), REQUEST);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong))
        .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(90L, 100L));
    assertThat(HttpCalls.json(refused).get("error").asText())
        .isEqualTo("more than 0.01 requests per second; try again after Retry-After");

    String page = HttpCalls.get(base.resolve("/metrics")).body();
    assertThat(
            PrometheusText.value(
                page, "registry_http_requests_total{route=\"/requests\",status=\"503\"}"))
        .isEqualTo(1.0);
    assertThat(
            PrometheusText.value(
                page, "registry_http_requests_total{route=\"/requests\",status=\"429\"}"))
        .isEqualTo(1.0);
    assertThat(PrometheusText.value(page, "registry_http_refused_total{reason=\"rate\"}"))
        .isEqualTo(1.0);
    assertThat(PrometheusText.value(page, "registry_http_refused_total{reason=\"waiting\"}"))
        .isEqualTo(0.0);
    assertThat(PrometheusText.value(page, "registry_http_waiting")).isEqualTo(0.0);
    assertThat(PrometheusText.value(page, "registry_http_answer_seconds_count{source=\"kafka\"}"))
        .isEqualTo(0.0);
  }
}
