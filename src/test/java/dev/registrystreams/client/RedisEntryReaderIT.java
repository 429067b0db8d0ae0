package dev.registrystreams.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.app.RunTopics;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.store.RedisServer;
import dev.registrystreams.store.RedisServerExtension;
import dev.registrystreams.store.RedisSettings;
import dev.registrystreams.store.RedisTierMetrics;
import dev.registrystreams.store.RedisUnavailableException;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.CacheHits;
import dev.registrystreams.topology.ContextValues;
import dev.registrystreams.topology.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application in Redis mode, end to end: entries it stores are readable by id and by dedup key
 * without Kafka, a repeated request is recognised as a cache hit exactly as the topology would
 * answer it, and the Redis tier reports its hits and misses apart from the hot tier's.
 */
class RedisEntryReaderIT {

  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.plain();

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  @TempDir Path stateDir;

  @Test
  void entriesAreReadableByIdAndDedupKeyAndRepeatsAreCacheHits() throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("lookup");
    TopicNames topics = RunTopics.of(run);
    Properties client = RunTopics.sharedBrokerClient();
    String applicationId = run + "-app";
    AppConfig config =
        RunTopics.appConfig(applicationId, topics, 1, "exactly_once_v2", stateDir, 2, Map.of())
            .withEntryStore(AppConfig.EntryStore.redis(REDIS.server().settings()));

    GenerationRequest first = request(run + "-1", "prod");
    GenerationRequest repeat = request(run + "-2", "prod");
    GenerationRequest changed = request(run + "-3", "dev");
    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60));
        RequestSender sender = new RequestSender(client, topics.requests());
        AnswerCollector collector = new AnswerCollector(client, topics);
        RedisEntryReader lookup =
            RedisEntryReader.connect(REDIS.server().settings(), applicationId)) {
      sender.sendAll(List.of(workload(first), workload(repeat)));
      Answers answers =
          collector.collect(
              Set.of(first.getRequestId(), repeat.getRequestId()), 0, Duration.ofSeconds(60));
      RegistryEntry created = answers.entries().get(first.getRequestId());
      assertThat(created.getOutcome()).isEqualTo(Outcome.CREATED);
      assertThat(answers.entries().get(repeat.getRequestId()).getOutcome())
          .isEqualTo(Outcome.UNCHANGED);

      RegistryEntry byId = lookup.byId(created.getId()).orElseThrow();
      RegistryEntry byKey = lookup.byDedupKey(created.getDedupKey()).orElseThrow();
      assertThat(byId).isEqualTo(created);
      assertThat(byKey).isEqualTo(created);
      assertThat(lookup.byId("GOV-RULES-0000000000")).isEmpty();
      assertThat(lookup.byDedupKey("0".repeat(32))).isEmpty();

      CacheHits hits = new CacheHits(RegistrySchema.defaults());
      assertThat(CacheHits.dedupKey(repeat)).isEqualTo(created.getDedupKey());
      RegistryEntry cached = hits.unchangedAnswer(repeat, 1_764_000_000_000L, byKey).orElseThrow();
      // Exactly the answer the topology gave, apart from the timestamp-free fields it shares.
      RegistryEntry fromKafka = answers.entries().get(repeat.getRequestId());
      assertThat(cached.getOutcome()).isEqualTo(Outcome.UNCHANGED);
      assertThat(cached.getRequestId()).isEqualTo(repeat.getRequestId());
      assertThat(cached.getRevision()).isEqualTo(fromKafka.getRevision());
      assertThat(cached.getContentHash()).isEqualTo(fromKafka.getContentHash());
      assertThat(cached.getConfig()).isEqualTo(fromKafka.getConfig());
      assertThat(cached.getHeader()).isEqualTo(fromKafka.getHeader());
      assertThat(hits.unchangedAnswer(changed, 1_764_000_000_000L, byKey)).isEmpty();

      // Two lookups reached Redis: the first request's (a miss) and, after it, none: the repeat
      // was served by the hot tier.
      var redisCounts = RedisTierMetrics.totals(app.streams().metrics());
      assertThat(redisCounts.misses()).isEqualTo(1);
      assertThat(redisCounts.hits()).isZero();
      var hotCounts = dev.registrystreams.store.HotTierMetrics.totals(app.streams().metrics());
      assertThat(hotCounts.hits()).isEqualTo(1);
      assertThat(app.storeHealth().isUp()).isTrue();
    }
  }

  @Test
  void aLookupFailsFastWhenRedisIsAway() {
    RedisServer server = RedisServer.start(RedisServer.Options.plain());
    RedisSettings settings = new RedisSettings(server.url(), null, Duration.ofSeconds(1));
    try (RedisEntryReader lookup = RedisEntryReader.connect(settings, "app")) {
      server.close();
      assertThatThrownBy(() -> lookup.byId("GOV-RULES-0000000000"))
          .isInstanceOf(RedisUnavailableException.class)
          .hasMessageContaining("Redis at redis://127.0.0.1:" + server.port());
    }
  }

  private static GenerationRequest request(String requestId, String env) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", env);
    context.put("owner", "platform");
    return GenerationRequest.newBuilder()
        .setRequestId(requestId)
        .setTitle("Lookup test title")
        .setScope("GOV")
        .setType("RULES")
        .setContext(ContextValues.toAvro(context))
        .build();
  }

  private static WorkloadRequest workload(GenerationRequest request) {
    return new WorkloadRequest(
        request.getRequestId(),
        "GOV/RULES/Lookup test title".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        REQUESTS.encode(request),
        Expected.CREATED,
        null);
  }
}
