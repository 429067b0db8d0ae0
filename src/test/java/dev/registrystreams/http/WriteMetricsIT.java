package dev.registrystreams.http;

import static dev.registrystreams.http.RequestBodies.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.registrystreams.embedded.SharedKafkaBroker;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write endpoints' meters on {@code /metrics} of a real instance: after a known set of
 * exchanges (misses, a cache hit, a dead letter, a bad body, a batch, wrong methods), exactly those
 * counts by route and status, and exactly that many answers timed by source; and, with {@code
 * --http-max-waiting 2} and {@code --unchanged suppress} (a repeated request then never gets an
 * answer, so it waits its whole timeout), a third waiting request refused with 503 while two wait,
 * counted as refused.
 */
class WriteMetricsIT {

  @TempDir Path state;

  private static String request(String id, String title, String scope) {
    return RequestBodies.request(id, title, scope, Map.of("env", "prod"));
  }

  private static String requests(String route, int status) {
    return "registry_http_requests_total{route=\"" + route + "\",status=\"" + status + "\"}";
  }

  @Test
  void exchangesAndAnswersAreCountedExactly() throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("write-metrics");
    try (RunningInstance instance =
        RunningInstance.start(run, state, "--http-allow-writes", "--unchanged", "emit")) {
      String a = run + " a";
      assertThat(post(instance, "/requests", request(run + "-1", a, "GOV")).statusCode())
          .isEqualTo(200);
      assertThat(post(instance, "/requests", request(run + "-2", run + " b", "GOV")).statusCode())
          .isEqualTo(200);
      HttpResponse<String> hit = post(instance, "/requests", request(run + "-3", a, "GOV"));
      assertThat(hit.statusCode()).isEqualTo(200);
      assertThat(HttpCalls.json(hit).get("source").asText()).isEqualTo("cache");
      assertThat(post(instance, "/requests", request(run + "-4", run + " c", "NOPE")).statusCode())
          .isEqualTo(422);
      assertThat(post(instance, "/requests", "{\"title\": ").statusCode()).isEqualTo(400);
      HttpResponse<String> batch =
          post(
              instance,
              "/requests:batch",
              batch(
                  request(run + "-5", run + " d", "GOV"), request(run + "-6", run + " e", "GOV")));
      assertThat(batch.statusCode()).isEqualTo(200);
      assertThat(HttpCalls.send("GET", instance.url("/requests")).statusCode()).isEqualTo(405);
      assertThat(HttpCalls.send("DELETE", instance.url("/requests:batch")).statusCode())
          .isEqualTo(405);

      // The counter moves in the server's after handler, which may still run as the answer lands.
      await("the meters")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                String page = HttpCalls.get(instance.url("/metrics")).body();
                assertThat(PrometheusText.value(page, requests("/requests", 200))).isEqualTo(3.0);
                assertThat(PrometheusText.value(page, requests("/requests", 422))).isEqualTo(1.0);
                assertThat(PrometheusText.value(page, requests("/requests", 400))).isEqualTo(1.0);
                assertThat(PrometheusText.value(page, requests("/requests", 405))).isEqualTo(1.0);
                assertThat(PrometheusText.value(page, requests("/requests:batch", 200)))
                    .isEqualTo(1.0);
                assertThat(PrometheusText.value(page, requests("/requests:batch", 405)))
                    .isEqualTo(1.0);
                assertThat(page.lines().filter(l -> l.startsWith("registry_http_requests_total")))
                    .hasSize(6);
                // Two misses, a dead letter and the batch's two through Kafka; one from the store.
                assertThat(
                        PrometheusText.value(
                            page, "registry_http_answer_seconds_count{source=\"kafka\"}"))
                    .isEqualTo(5.0);
                assertThat(
                        PrometheusText.value(
                            page, "registry_http_answer_seconds_count{source=\"cache\"}"))
                    .isEqualTo(1.0);
                assertThat(
                        PrometheusText.value(
                            page,
                            "registry_http_answer_seconds_bucket{source=\"cache\",le=\"+Inf\"}"))
                    .isEqualTo(1.0);
                assertThat(PrometheusText.value(page, "registry_http_waiting")).isEqualTo(0.0);
                assertThat(
                        PrometheusText.value(page, "registry_http_refused_total{reason=\"rate\"}"))
                    .isEqualTo(0.0);
                assertThat(
                        PrometheusText.value(
                            page, "registry_http_refused_total{reason=\"waiting\"}"))
                    .isEqualTo(0.0);
              });
    }
  }

  @Test
  void pastTheWaitingBoundA503WithRetryAfterAndNothingSent() throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("write-bound");
    try (RunningInstance instance =
        RunningInstance.start(
            run,
            state,
            "--http-allow-writes",
            "--http-max-waiting",
            "2",
            "--unchanged",
            "suppress")) {
      String title = run + " waits";
      assertThat(post(instance, "/requests", request(run + "-first", title, "GOV")).statusCode())
          .isEqualTo(200);
      // The same request again: suppressed, so these two wait for their whole timeout.
      List<CompletableFuture<HttpResponse<String>>> waiting =
          List.of(
              CompletableFuture.supplyAsync(
                  () ->
                      post(
                          instance,
                          "/requests?cache=false&timeout=8s",
                          request(run + "-w1", title, "GOV"))),
              CompletableFuture.supplyAsync(
                  () ->
                      post(
                          instance,
                          "/requests?cache=false&timeout=8s",
                          request(run + "-w2", title, "GOV"))));
      await("two requests waiting")
          .atMost(Duration.ofSeconds(6))
          .until(
              () ->
                  Double.valueOf(2.0)
                      .equals(
                          PrometheusText.value(
                              HttpCalls.get(instance.url("/metrics")).body(),
                              "registry_http_waiting")));

      HttpResponse<String> refused =
          post(instance, "/requests", request(run + "-refused", run + " other", "GOV"));
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
      assertThat(refused.body()).doesNotContain("\n");
      assertThat(HttpCalls.json(refused).get("error").asText())
          .isEqualTo(
              "more than 2 requests would be waiting for their answers (--http-max-waiting); try"
                  + " again after Retry-After");
      HttpResponse<String> refusedBatch =
          post(
              instance,
              "/requests:batch",
              batch(request(run + "-refused-batch", run + " other", "GOV")));
      assertThat(refusedBatch.statusCode()).isEqualTo(503);
      assertThat(refusedBatch.headers().firstValue("Retry-After")).hasValue("2");
      HttpResponse<String> tooBig =
          post(
              instance,
              "/requests:batch",
              batch(
                  request(run + "-b1", run + " b1", "GOV"),
                  request(run + "-b2", run + " b2", "GOV"),
                  request(run + "-b3", run + " b3", "GOV")));
      assertThat(tooBig.statusCode()).isEqualTo(413);
      assertThat(HttpCalls.json(tooBig).get("error").asText())
          .isEqualTo("a batch of 3 requests is more than may wait for their answers at once (2)");

      for (CompletableFuture<HttpResponse<String>> wait : waiting) {
        HttpResponse<String> timedOut = wait.get();
        assertThat(timedOut.statusCode()).isEqualTo(504);
        assertThat(HttpCalls.json(timedOut).get("sent").asBoolean()).isTrue();
      }
      // Room again once they gave up: the refused request goes through now.
      HttpResponse<String> later =
          post(instance, "/requests", request(run + "-later", run + " other", "GOV"));
      assertThat(later.statusCode()).isEqualTo(200);
      assertThat(HttpCalls.json(later).get("outcome").asText()).isEqualTo("CREATED");

      await("the meters")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                String page = HttpCalls.get(instance.url("/metrics")).body();
                assertThat(PrometheusText.value(page, requests("/requests", 200))).isEqualTo(2.0);
                assertThat(PrometheusText.value(page, requests("/requests", 503))).isEqualTo(1.0);
                assertThat(PrometheusText.value(page, requests("/requests", 504))).isEqualTo(2.0);
                assertThat(PrometheusText.value(page, requests("/requests:batch", 503)))
                    .isEqualTo(1.0);
                assertThat(PrometheusText.value(page, requests("/requests:batch", 413)))
                    .isEqualTo(1.0);
                assertThat(
                        PrometheusText.value(
                            page, "registry_http_refused_total{reason=\"waiting\"}"))
                    .isEqualTo(2.0);
                assertThat(PrometheusText.value(page, "registry_http_waiting")).isEqualTo(0.0);
                // Timeouts are counted by status, not timed as answers.
                assertThat(
                        PrometheusText.value(
                            page, "registry_http_answer_seconds_count{source=\"kafka\"}"))
                    .isEqualTo(2.0);
              });
    }
  }

  private static HttpResponse<String> post(RunningInstance instance, String path, String body) {
    return HttpCalls.postJson(instance.url(path), body);
  }
}
