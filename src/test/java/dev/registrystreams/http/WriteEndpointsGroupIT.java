package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.registrystreams.embedded.SharedKafkaBroker;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances in one group: a repeated request is answered from the store ({@code source: cache})
 * by the instance whose active task owns its entry, and through Kafka by the other, with the same
 * entry either way.
 */
class WriteEndpointsGroupIT {

  private static final String TOKEN = "writes-group-it-token-93ad";
  private static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REQUESTS = 40;
  private static final String[] OPTIONS = {
    "--http-token", TOKEN, "--kafka-config", "num.standby.replicas=1"
  };

  @TempDir Path state;

  @Test
  void onlyTheInstanceThatOwnsAnEntryAnswersItsRepeatFromTheStore() throws InterruptedException {
    String run = SharedKafkaBroker.uniqueTopic("writes-group");
    try (RunningInstance a = RunningInstance.start(run, state.resolve("a"), OPTIONS);
        RunningInstance b = RunningInstance.start(run, state.resolve("b"), OPTIONS)) {
      a.awaitGroupServing(AUTH);
      Map<String, JsonNode> created = new HashMap<>();
      for (int i = 0; i < REQUESTS; i++) {
        JsonNode entry = post(a, request(run + "-first-" + i, run + " title " + i));
        assertThat(entry.get("outcome").asText()).isEqualTo("CREATED");
        created.put(entry.get("id").asText(), entry);
      }

      String self = a.baseUrl().getAuthority();
      int ownedByA = 0;
      int fromCache = 0;
      for (int i = 0; i < REQUESTS; i++) {
        JsonNode again = post(a, request(run + "-again-" + i, run + " title " + i));
        String id = again.get("id").asText();
        HttpResponse<String> lookup = HttpCalls.get(a.url("/entries/" + id), AUTH);
        boolean owned = lookup.headers().firstValue(PeerCalls.SERVED_BY).orElseThrow().equals(self);
        ownedByA += owned ? 1 : 0;
        fromCache += again.get("source").asText().equals("cache") ? 1 : 0;
        assertThat(again.get("source").asText()).as(id).isEqualTo(owned ? "cache" : "kafka");
        assertThat(again.get("outcome").asText()).isEqualTo("UNCHANGED");
        JsonNode first = created.get(id);
        assertThat(again.get("contentHash")).isEqualTo(first.get("contentHash"));
        assertThat(again.get("revision")).isEqualTo(first.get("revision"));
      }
      // With 3 partitions shared by two instances, each owns some of 40 entries.
      assertThat(ownedByA).isBetween(1, REQUESTS - 1);
      assertThat(fromCache).isEqualTo(ownedByA);
    }
  }

  private static JsonNode post(RunningInstance to, String body) {
    HttpResponse<String> answer = HttpCalls.postJson(to.url("/requests"), body, AUTH);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return HttpCalls.json(answer);
  }

  private static String request(String id, String title) {
    ObjectNode json = JSON.createObjectNode();
    json.put("requestId", id);
    json.put("title", title);
    json.put("scope", "GOV");
    json.put("type", "RULES");
    json.set("context", JSON.valueToTree(Map.of("env", "prod", "owners", List.of("ana"))));
    return json.toString();
  }
}
