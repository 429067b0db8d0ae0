package dev.registrystreams.http;

import static dev.registrystreams.http.EntryLookupsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.load.MixedWorkload;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances in one group, with a bearer token: every entry is found through either, lookups of
 * the other's keys are forwarded to it with the caller's token, and listings and stats cover both.
 */
class EntryLookupsGroupIT {

  private static final String TOKEN = "group-it-token-5f1c";
  private static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};

  @TempDir Path state;

  @Test
  void eitherInstanceAnswersForEveryEntryAndForwardsWhatTheOtherOwns() throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("lookups-group");
    try (RunningInstance a = RunningInstance.start(run, state.resolve("a"), "--http-token", TOKEN);
        RunningInstance b = RunningInstance.start(run, state.resolve("b"), "--http-token", TOKEN)) {
      LoadedRegistry registry =
          LoadedRegistry.load(a.topics(), new MixedWorkload.Shape(80, 20, 20, 5, 11), run);
      // Both serve partitions once the rebalance that b's start began is done.
      a.awaitGroupServing(AUTH);

      assertError(
          HttpCalls.get(a.url("/entries/stats")),
          401,
          "this endpoint needs an Authorization: Bearer <token> header");
      assertError(
          HttpCalls.get(b.url("/entries"), "Authorization", "Bearer wrong"),
          401,
          "the bearer token is not valid");

      int forwarded = 0;
      for (RegistryEntry topic : registry.current().values()) {
        JsonNode expected = registry.expected(topic);
        for (RunningInstance asked : List.of(a, b)) {
          String self = asked.baseUrl().getAuthority();
          HttpResponse<String> byId = HttpCalls.get(asked.url("/entries/" + topic.getId()), AUTH);
          assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
          assertThat(HttpCalls.json(byId)).isEqualTo(expected);
          String servedBy = byId.headers().firstValue(PeerCalls.SERVED_BY).orElseThrow();
          assertThat(servedBy).isIn(a.baseUrl().getAuthority(), b.baseUrl().getAuthority());
          if (!servedBy.equals(self)) {
            forwarded++;
          }
          HttpResponse<String> byKey =
              HttpCalls.get(asked.url("/entries/by-key/" + topic.getDedupKey()), AUTH);
          assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(200);
          assertThat(HttpCalls.json(byKey)).isEqualTo(expected);
          // One instance serves each entry, whichever was asked and however it was found.
          assertThat(byKey.headers().firstValue(PeerCalls.SERVED_BY)).hasValue(servedBy);
        }
      }
      // Each entry is owned by one of the two and asked of both: half the answers are forwarded.
      assertThat(forwarded).isEqualTo(registry.current().size());

      List<String> ids =
          registry.current().values().stream().map(e -> e.getId().toString()).sorted().toList();
      for (RunningInstance asked : List.of(a, b)) {
        List<JsonNode> listed = EntryLookupsIT.listAll(asked, "", 9, AUTH);
        assertThat(listed.stream().map(e -> e.get("id").asText()).toList()).isEqualTo(ids);
        JsonNode stats = HttpCalls.json(HttpCalls.get(asked.url("/entries/stats"), AUTH));
        assertThat(stats.get("total").asInt()).isEqualTo(ids.size());
      }
      assertError(
          HttpCalls.get(b.url("/entries/by-key/00000000000000000000000000000000"), AUTH),
          404,
          "no entry with dedup key 00000000000000000000000000000000");
    }
  }
}
