package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.store.RedisServerExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lookups in Redis mode: the same interactive queries, answered by the Redis tier of the same
 * store, each partition only for its own keys although Redis holds them all in one keyspace.
 */
class EntryLookupsRedisIT {

  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.plain();

  @TempDir Path state;

  @Test
  void entriesAreFoundListedAndCountedFromRedis() throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("lookups-redis");
    try (RunningInstance instance =
        RunningInstance.start(
            run, state, "--store", "redis", "--redis-url", REDIS.server().url())) {
      LoadedRegistry registry =
          LoadedRegistry.load(instance.topics(), new MixedWorkload.Shape(60, 20, 20, 5, 13), run);
      for (RegistryEntry topic : registry.current().values()) {
        JsonNode expected = registry.expected(topic);
        HttpResponse<String> byId = HttpCalls.get(instance.url("/entries/" + topic.getId()));
        assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
        assertThat(HttpCalls.json(byId)).isEqualTo(expected);
        HttpResponse<String> byKey =
            HttpCalls.get(instance.url("/entries/by-key/" + topic.getDedupKey()));
        assertThat(HttpCalls.json(byKey)).isEqualTo(expected);
      }
      List<String> ids =
          registry.current().values().stream().map(e -> e.getId().toString()).sorted().toList();
      List<JsonNode> listed = EntryLookupsIT.listAll(instance, "", 7);
      // No duplicates although every partition's store sees every key in Redis.
      assertThat(listed.stream().map(e -> e.get("id").asText()).toList()).isEqualTo(ids);
      JsonNode stats = HttpCalls.json(HttpCalls.get(instance.url("/entries/stats")));
      assertThat(stats.get("total").asInt()).isEqualTo(ids.size());
    }
  }
}
