package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.registrystreams.cli.RegistryStreamsCli;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.store.RedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three probes of a running instance: what a startupProbe, a readinessProbe and a livenessProbe
 * see while it connects, once it runs, and while its Redis is away.
 */
class HealthEndpointsIT {

  @TempDir Path dir;

  @Test
  void aRunningInstanceIsStartedLiveAndReady() throws Exception {
    try (RunningInstance instance =
        RunningInstance.start(SharedKafkaBroker.uniqueTopic("health"), dir.resolve("state"))) {
      assertThat(instance.baseUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
      awaitStatus(instance.url("/health/ready"), 200);

      JsonNode ready = HttpCalls.json(HttpCalls.get(instance.url("/health/ready")));
      assertThat(ready.get("message").asText()).isEqualTo("ready");
      assertThat(ready.get("state").asText()).isEqualTo("RUNNING");
      assertThat(ready.get("threads")).hasSize(2);
      assertThat(ready.get("restoring")).isEmpty();
      assertThat(ready.get("store").get("tier").asText()).isEqualTo("RocksDB");
      assertThat(ready.get("store").get("state").asText()).isEqualTo("UP");

      assertThat(HttpCalls.get(instance.url("/health/started")).statusCode()).isEqualTo(200);
      HttpResponse<String> live = HttpCalls.get(instance.url("/health/live"));
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(HttpCalls.json(live).get("state").asText()).isEqualTo("RUNNING");

      // Ctrl-C: Kafka Streams and the HTTP server close cleanly, and the port is free again.
      assertThat(instance.stop()).as(instance.output()).isZero();
      assertThat(instance.output()).doesNotContain("Exception");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> HttpCalls.get(instance.url("/health/live")))
          .isInstanceOf(java.io.UncheckedIOException.class);
    }
  }

  /**
   * Before Kafka answers, the instance is live (a restart would not help) but neither started nor
   * ready, and every answer says why.
   */
  @Test
  void anInstanceThatCannotReachKafkaYetIsLiveButNotStartedOrReady() throws Exception {
    String[] args = {
      "run",
      "--bootstrap-servers",
      "127.0.0.1:1",
      "--startup-timeout",
      "20",
      "--http-host",
      "127.0.0.1",
      "--http-port",
      "0",
      "--state-dir",
      dir.resolve("unreachable").toString()
    };
    StringWriter out = new StringWriter();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread runner =
        new Thread(
            () ->
                exit.set(
                    RegistryStreamsCli.execute(
                        args, new PrintWriter(out, true), new PrintWriter(new StringWriter()))),
            "health-it-unreachable");
    runner.start();
    try {
      Pattern line = Pattern.compile("(?m)^http=(\\S+)$");
      await("the http= line")
          .atMost(Duration.ofSeconds(15))
          .until(() -> line.matcher(out.toString()).find());
      Matcher m = line.matcher(out.toString());
      assertThat(m.find()).isTrue();
      URI base = URI.create(m.group(1));

      HttpResponse<String> live = HttpCalls.get(base.resolve("/health/live"));
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(HttpCalls.json(live).get("state").asText()).isEqualTo("STARTING");

      HttpResponse<String> ready = HttpCalls.get(base.resolve("/health/ready"));
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.headers().firstValue("Retry-After")).isPresent();
      assertThat(HttpCalls.json(ready).get("error").asText())
          .isEqualTo("the application is starting: connecting to Kafka");

      HttpResponse<String> started = HttpCalls.get(base.resolve("/health/started"));
      assertThat(started.statusCode()).isEqualTo(503);
      assertThat(HttpCalls.json(started).get("error").asText())
          .isEqualTo("the application has not been RUNNING yet");
    } finally {
      runner.interrupt();
      runner.join(Duration.ofSeconds(60).toMillis());
    }
    assertThat(runner.isAlive()).isFalse();
  }

  /** Redis away: not ready (lookups would wait), still live (a restart would not bring it back). */
  @Test
  void readinessFollowsRedis() throws Exception {
    try (RedisServer redis = RedisServer.start(new RedisServer.Options(null, false, true));
        RunningInstance instance =
            RunningInstance.start(
                SharedKafkaBroker.uniqueTopic("health-redis"),
                dir.resolve("state"),
                "--store",
                "redis",
                "--redis-url",
                redis.url())) {
      awaitStatus(instance.url("/health/ready"), 200);
      assertThat(
              HttpCalls.json(HttpCalls.get(instance.url("/health/ready")))
                  .get("store")
                  .get("tier")
                  .asText())
          .startsWith("Redis at redis://127.0.0.1:");

      redis.stop();
      awaitStatus(instance.url("/health/ready"), 503);
      JsonNode down = HttpCalls.json(HttpCalls.get(instance.url("/health/ready")));
      assertThat(down.get("error").asText())
          .startsWith("not ready: Redis at ")
          .endsWith(" is unavailable");
      assertThat(down.get("store").get("state").asText()).isEqualTo("UNAVAILABLE");
      assertThat(HttpCalls.get(instance.url("/health/live")).statusCode()).isEqualTo(200);

      redis.start();
      awaitStatus(instance.url("/health/ready"), 200);
    }
  }

  private static void awaitStatus(URI url, int status) {
    await(url + " answering " + status)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> HttpCalls.get(url).statusCode() == status);
  }
}
