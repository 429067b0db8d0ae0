package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} and {@code /stats} of a server whose application instance does not exist yet, as
 * while Kafka Streams starts: JVM metrics and the change-feed gauge, no application counts.
 */
class MetricsEndpointsTest {

  private RegistryHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private URI start() {
    server =
        RegistryHttpServer.start(
            new HttpSettings("127.0.0.1", 0, null), HttpRoutes.of(new InstanceSlot()));
    return URI.create(server.url());
  }

  @Test
  void beforeTheInstanceExistsMetricsAnswerWithTheJvmsAndAZeroFeedGauge() {
    HttpResponse<String> response = HttpCalls.get(start().resolve("/metrics"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    String page = response.body();
    for (String jvm :
        new String[] {
          "jvm_memory_used_bytes",
          "jvm_gc_",
          "jvm_threads_live_threads",
          "jvm_classes_loaded_classes",
          "process_cpu_usage",
          "process_uptime_seconds"
        }) {
      assertThat(PrometheusText.hasSample(page, jvm)).as(jvm).isTrue();
    }
    assertThat(page).containsPattern("(?m)^registry_change_feed_clients 0\\.0$");
    assertThat(page).doesNotContain("registry_answers_total").doesNotContain("kafka_");
  }

  @Test
  void theFeedGaugeFollowsItsClients() {
    RegistryMeters meters = RegistryMeters.watching(new InstanceSlot());
    try {
      java.util.concurrent.atomic.AtomicInteger clients =
          new java.util.concurrent.atomic.AtomicInteger();
      ChangeFeedClients.registerIn(meters.registry(), clients::get);
      assertThat(meters.scrape()).containsPattern("(?m)^registry_change_feed_clients 0\\.0$");
      clients.set(2);
      assertThat(meters.scrape()).containsPattern("(?m)^registry_change_feed_clients 2\\.0$");
    } finally {
      meters.close();
    }
  }

  @Test
  void statsBeforeTheInstanceExistsIsA503() {
    HttpResponse<String> response = HttpCalls.get(start().resolve("/stats"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(HttpCalls.json(response).get("error").asText()).contains("starting");
  }
}
