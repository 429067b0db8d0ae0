package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.registrystreams.app.RunTopics;
import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.Expected;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.embedded.TopicReader;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.store.RedisServer;
import dev.registrystreams.store.RedisServerExtension;
import dev.registrystreams.topology.AvroSerde;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} and {@code /stats} of a running instance in Redis mode after a mixed workload:
 * the answer and dead-letter counts equal the records on the topics, outcome by outcome and reason
 * by reason; Kafka Streams', consumer lag, JVM and store-tier metrics are there; and neither the
 * Redis password nor the bearer token shows anywhere on the page.
 */
class MetricsIT {

  private static final String REDIS_PASSWORD = "redis-pw-for-metrics-it-9f3c";
  private static final String TOKEN = "bearer-token-for-metrics-it-51aa";
  private static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};

  @RegisterExtension
  static final RedisServerExtension REDIS =
      RedisServerExtension.with(new RedisServer.Options(REDIS_PASSWORD, false, false));

  @TempDir Path stateDir;

  @Test
  void countsOnMetricsAndStatsEqualTheTopicsAndNoSecretShows() throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("metrics-it");
    MixedWorkload workload =
        MixedWorkload.generate(new MixedWorkload.Shape(1_000, 600, 300, 120, 42), run);
    try (RunningInstance instance =
        RunningInstance.start(
            run,
            stateDir,
            "--store",
            "redis",
            "--redis-url",
            REDIS.server().url(),
            "--http-token",
            TOKEN)) {
      String before = metricsPage(instance);
      assertThat(PrometheusText.byLabel(before, "registry_answers_total", "outcome"))
          .isEqualTo(Map.of("CREATED", 0L, "UPDATED", 0L, "UNCHANGED", 0L));
      assertThat(before).containsPattern("(?m)^registry_change_feed_clients 0\\.0$");

      Answers answers = sendAndCollect(instance, workload);
      assertThat(answers.countsByOutcome()).isEqualTo(workload.expectedCounts());
      assertThat(answers.rejectionsByReason()).isEqualTo(workload.expectedRejections());
      assertThat(answers.duplicates()).isZero();

      Map<String, Long> entriesByOutcome = entriesByOutcome(instance);
      Map<String, Long> lettersByReason = deadLettersByReason(instance);
      // The topics hold this run's records and nothing else: what the workload expects.
      assertThat(entriesByOutcome)
          .isEqualTo(
              Map.of(
                  "CREATED", (long) workload.expectedCounts().get(Expected.CREATED),
                  "UPDATED", (long) workload.expectedCounts().get(Expected.UPDATED),
                  "UNCHANGED", (long) workload.expectedCounts().get(Expected.UNCHANGED)));
      assertThat(lettersByReason)
          .isEqualTo(
              workload.expectedRejections().entrySet().stream()
                  .collect(
                      Collectors.toMap(
                          Map.Entry::getKey, e -> (long) e.getValue(), (a, b) -> a, TreeMap::new)));
      assertThat(lettersByReason).hasSizeGreaterThanOrEqualTo(5);

      await("the counts on /metrics")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                String page = metricsPage(instance);
                assertThat(PrometheusText.byLabel(page, "registry_answers_total", "outcome"))
                    .isEqualTo(entriesByOutcome);
                assertThat(
                        nonZero(
                            PrometheusText.byLabel(page, "registry_dead_letters_total", "reason")))
                    .isEqualTo(lettersByReason);
              });
      assertThat(
              PrometheusText.byLabel(
                  metricsPage(instance), "registry_dead_letters_total", "reason"))
          .as("every reason, 0 until it occurs")
          .hasSize(dev.registrystreams.core.RejectionReason.values().length);

      JsonNode stats = HttpCalls.json(HttpCalls.get(instance.url("/stats"), AUTH));
      assertThat(counts(stats.get("answers"))).isEqualTo(entriesByOutcome);
      assertThat(counts(stats.get("deadLetters"))).isEqualTo(lettersByReason);
      assertThat(HttpCalls.get(instance.url("/stats")).statusCode()).isEqualTo(401);

      await("Kafka Streams, consumer lag and store-tier meters")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                String page = metricsPage(instance);
                for (String prefix :
                    new String[] {
                      "kafka_stream_thread_process_total{",
                      "kafka_stream_state_",
                      "kafka_consumer_fetch_manager_records_lag_max{",
                      "kafka_producer_",
                      // Prometheus drops a gauge's _total: hit-total shows as ..._hit.
                      "kafka_registry_hot_tier_hit{",
                      "kafka_registry_hot_tier_miss{",
                      "kafka_registry_hot_tier_size{",
                      "kafka_registry_redis_tier_hit{",
                      "kafka_registry_redis_tier_available{",
                      "jvm_memory_used_bytes",
                      "jvm_gc_",
                      "jvm_threads_live_threads",
                      "jvm_classes_loaded_classes",
                      "process_cpu_usage",
                      "process_uptime_seconds"
                    }) {
                  assertThat(PrometheusText.hasSample(page, prefix))
                      .as(prefix + " among\n" + PrometheusText.names(page))
                      .isTrue();
                }
              });

      String page = metricsPage(instance);
      assertThat(page)
          .doesNotContain(REDIS_PASSWORD)
          .doesNotContain(TOKEN)
          .doesNotContain(REDIS.server().url());
      int exit = instance.stop();
      assertThat(exit).as(instance.output()).isZero();
    }
  }

  /** /metrics without a token (it is open to scrapers), checked to be Prometheus' text format. */
  private static String metricsPage(RunningInstance instance) {
    HttpResponse<String> response = HttpCalls.get(instance.url("/metrics"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue(MetricsEndpoints.CONTENT_TYPE);
    return response.body();
  }

  private static Answers sendAndCollect(RunningInstance instance, MixedWorkload workload) {
    Set<String> ids =
        workload.requests().stream()
            .map(WorkloadRequest::requestId)
            .filter(id -> id != null)
            .collect(Collectors.toSet());
    int undecodable = (int) workload.requests().stream().filter(r -> r.requestId() == null).count();
    try (AnswerCollector collector =
            new AnswerCollector(RunTopics.sharedBrokerClient(), instance.topics());
        RequestSender sender =
            new RequestSender(RunTopics.sharedBrokerClient(), instance.topics().requests())) {
      sender.sendAll(workload.requests());
      return collector.collect(ids, undecodable, Duration.ofSeconds(120));
    }
  }

  private static Map<String, Long> entriesByOutcome(RunningInstance instance) {
    AvroSerde<RegistryEntry> entries = AvroSerde.of(RegistryEntry.class);
    return TopicReader.committed(SharedKafkaBroker.bootstrapServers(), instance.topics().entries())
        .stream()
        .collect(
            Collectors.groupingBy(
                r -> entries.decode(r.value()).getOutcome().name(),
                TreeMap::new,
                Collectors.counting()));
  }

  private static Map<String, Long> deadLettersByReason(RunningInstance instance) {
    AvroSerde<DeadLetter> letters = AvroSerde.of(DeadLetter.class);
    return TopicReader.committed(SharedKafkaBroker.bootstrapServers(), instance.topics().rejected())
        .stream()
        .collect(
            Collectors.groupingBy(
                r -> letters.decode(r.value()).getReason(), TreeMap::new, Collectors.counting()));
  }

  private static Map<String, Long> nonZero(Map<String, Long> counts) {
    Map<String, Long> occurred = new TreeMap<>(counts);
    occurred.values().removeIf(count -> count == 0);
    return occurred;
  }

  private static Map<String, Long> counts(JsonNode object) {
    Map<String, Long> counts = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      counts.put(field.getKey(), field.getValue().asLong());
    }
    return counts;
  }
}
