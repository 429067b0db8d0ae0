package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.load.MixedWorkload;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry lookups of one instance (RocksDB tier) against what the entries topic holds. */
class EntryLookupsIT {

  @TempDir static Path state;
  private static RunningInstance instance;
  private static LoadedRegistry registry;

  @BeforeAll
  static void loadRegistry() {
    String run = SharedKafkaBroker.uniqueTopic("lookups");
    instance = RunningInstance.start(run, state);
    registry =
        LoadedRegistry.load(instance.topics(), new MixedWorkload.Shape(120, 40, 40, 10, 7), run);
    assertThat(registry.current()).hasSize(120);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    instance.close();
  }

  @Test
  void everyEntryOnTheTopicIsFoundByIdAndByDedupKeyWithTheSameFields() {
    String self = instance.baseUrl().getAuthority();
    for (RegistryEntry topic : registry.current().values()) {
      JsonNode expected = registry.expected(topic);
      HttpResponse<String> byId = HttpCalls.get(instance.url("/entries/" + topic.getId()));
      assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
      assertThat(byId.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(byId.headers().firstValue("X-Registry-Served-By")).hasValue(self);
      JsonNode json = HttpCalls.json(byId);
      assertThat(json).isEqualTo(expected);
      assertThat(json.get("config").asText()).isEqualTo(topic.getConfig().toString());
      assertThat(json.get("dedupKey").asText()).isEqualTo(topic.getDedupKey().toString());

      HttpResponse<String> byKey =
          HttpCalls.get(instance.url("/entries/by-key/" + topic.getDedupKey()));
      assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(200);
      assertThat(HttpCalls.json(byKey)).isEqualTo(expected);
    }
  }

  @Test
  void theContextIsTheMaskedTreeWithSortedKeys() {
    RegistryEntry withSecret =
        registry.current().values().stream()
            .filter(e -> e.getContext().containsKey("db_password"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the workload sent no db_password"));
    HttpResponse<String> answer = HttpCalls.get(instance.url("/entries/" + withSecret.getId()));
    JsonNode context = HttpCalls.json(answer).get("context");
    assertThat(context.get("db_password").asText()).isEqualTo("******");
    assertThat(answer.body()).doesNotContain("s3cr3t-");
    List<String> keys = new ArrayList<>();
    context.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).isSorted().contains("db_password", "env", "owner", "reviewDays", "tags");
    assertThat(context.get("reviewDays").isIntegralNumber()).isTrue();
    assertThat(context.get("tags").isArray()).isTrue();
  }

  @Test
  void theYamlConfigAloneByAcceptOrFormat() {
    RegistryEntry entry = registry.current().values().iterator().next();
    URI url = instance.url("/entries/" + entry.getId());
    for (HttpResponse<String> yaml :
        List.of(
            HttpCalls.get(url, "Accept", "application/yaml"),
            HttpCalls.get(URI.create(url + "?format=yaml")),
            HttpCalls.get(
                instance.url("/entries/by-key/" + entry.getDedupKey() + "?format=yaml")))) {
      assertThat(yaml.statusCode()).isEqualTo(200);
      assertThat(yaml.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/yaml");
      assertThat(yaml.body()).isEqualTo(entry.getConfig().toString());
    }
    HttpResponse<String> json = HttpCalls.get(URI.create(url + "?format=json"));
    assertThat(HttpCalls.json(json).get("id").asText()).isEqualTo(entry.getId().toString());
    assertError(
        HttpCalls.get(URI.create(url + "?format=xml")),
        400,
        "parameter 'format' must be json or yaml");
  }

  @Test
  void unknownAndMalformedKeys() {
    assertError(
        HttpCalls.get(instance.url("/entries/GOV-RULES-0000000000")),
        404,
        "no entry with id GOV-RULES-0000000000");
    assertError(
        HttpCalls.get(instance.url("/entries/by-key/00000000000000000000000000000000")),
        404,
        "no entry with dedup key 00000000000000000000000000000000");
    assertError(
        HttpCalls.get(instance.url("/entries/not-an-id")),
        400,
        "parameter 'id' must be an entry id SCOPE-TYPE-XXXXXXXXXX");
    for (String key : List.of("ABCDEF0123456789ABCDEF0123456789", "abc", "0".repeat(33))) {
      assertError(
          HttpCalls.get(instance.url("/entries/by-key/" + key)),
          400,
          "parameter 'dedupKey' must be 32 lowercase hex characters");
    }
  }

  @Test
  void listingPagesThroughExactlyTheEntriesOnTheTopicInIdOrder() {
    List<String> expected =
        registry.current().values().stream().map(e -> e.getId().toString()).sorted().toList();
    List<JsonNode> listed = listAll("", 17);
    assertThat(listed.stream().map(e -> e.get("id").asText()).toList()).isEqualTo(expected);
    Map<String, RegistryEntry> byId = new TreeMap<>();
    registry.current().values().forEach(e -> byId.put(e.getId().toString(), e));
    for (JsonNode entry : listed) {
      assertThat(entry).isEqualTo(registry.expected(byId.get(entry.get("id").asText())));
    }
    // The default page size is 100.
    JsonNode first = HttpCalls.json(HttpCalls.get(instance.url("/entries")));
    assertThat(first.get("entries")).hasSize(100);
    assertThat(first.get("next").asText()).isEqualTo(expected.get(99));
    // A page size that fits all of them ends with no cursor.
    JsonNode all = HttpCalls.json(HttpCalls.get(instance.url("/entries?limit=1000")));
    assertThat(all.get("entries")).hasSize(expected.size());
    assertThat(all.get("next").isNull()).isTrue();
  }

  @Test
  void listingFiltersByScopeAndType() {
    RegistryEntry sample = registry.current().values().iterator().next();
    String scope = sample.getScope().toString();
    String type = sample.getType().toString();
    List<String> ofScope = idsWhere(e -> e.getScope().toString().equals(scope));
    List<String> ofType = idsWhere(e -> e.getType().toString().equals(type));
    List<String> ofBoth =
        idsWhere(e -> e.getScope().toString().equals(scope) && e.getType().toString().equals(type));
    assertThat(ids(listAll("scope=" + scope + "&", 3))).isEqualTo(ofScope);
    assertThat(ids(listAll("type=" + type + "&", 3))).isEqualTo(ofType);
    assertThat(ids(listAll("scope=" + scope + "&type=" + type + "&", 2))).isEqualTo(ofBoth);
  }

  @Test
  void listingRejectsBadParameters() {
    assertError(
        HttpCalls.get(instance.url("/entries?limit=0")),
        400,
        "parameter 'limit' must be a whole number from 1 to 1000");
    assertError(
        HttpCalls.get(instance.url("/entries?limit=1001")),
        400,
        "parameter 'limit' must be a whole number from 1 to 1000");
    assertError(
        HttpCalls.get(instance.url("/entries?limit=ten")),
        400,
        "parameter 'limit' must be a whole number from 1 to 1000");
    assertError(
        HttpCalls.get(instance.url("/entries?scope=gov")),
        400,
        "parameter 'scope' must be one of GOV, SEC, OPS, TECH, FIN, LEG, AUD, COMP, DASHBOARD");
    assertError(
        HttpCalls.get(instance.url("/entries?type=NOPE")),
        400,
        "parameter 'type' must be one of RULES, SUMMARY, PROCEDURE, TEMPLATE, POLICY, STANDARD,"
            + " GUIDANCE, REQUIREMENT, CONFIG");
    assertError(
        HttpCalls.get(instance.url("/entries?after=x")),
        400,
        "parameter 'after' must be an entry id (the next cursor of the previous page)");
  }

  @Test
  void statsCountTheEntriesPerScope() {
    JsonNode stats = HttpCalls.json(HttpCalls.get(instance.url("/entries/stats")));
    Map<String, Long> byScope = new LinkedHashMap<>();
    for (String scope :
        List.of("GOV", "SEC", "OPS", "TECH", "FIN", "LEG", "AUD", "COMP", "DASHBOARD")) {
      byScope.put(scope, 0L);
    }
    registry.current().values().forEach(e -> byScope.merge(e.getScope().toString(), 1L, Long::sum));
    assertThat(stats.get("total").asLong()).isEqualTo(registry.current().size());
    Map<String, Long> answered = new LinkedHashMap<>();
    stats
        .get("byScope")
        .fields()
        .forEachRemaining(f -> answered.put(f.getKey(), f.getValue().asLong()));
    assertThat(answered).containsExactlyEntriesOf(byScope);
  }

  /** Every page of {@code /entries?<filter>limit=N}, following the cursor to the end. */
  static List<JsonNode> listAll(
      RunningInstance instance, String filter, int limit, String... headers) {
    List<JsonNode> out = new ArrayList<>();
    String after = null;
    do {
      HttpResponse<String> page =
          HttpCalls.get(
              instance.url(
                  "/entries?"
                      + filter
                      + "limit="
                      + limit
                      + (after == null ? "" : "&after=" + after)),
              headers);
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      JsonNode json = HttpCalls.json(page);
      assertThat(json.get("entries").size()).isLessThanOrEqualTo(limit);
      json.get("entries").forEach(out::add);
      after = json.get("next").isNull() ? null : json.get("next").asText();
      if (after != null) {
        assertThat(json.get("entries")).hasSize(limit);
      }
    } while (after != null);
    return out;
  }

  private static List<JsonNode> listAll(String filter, int limit) {
    return listAll(instance, filter, limit);
  }

  private static List<String> ids(List<JsonNode> entries) {
    return entries.stream().map(e -> e.get("id").asText()).toList();
  }

  private static List<String> idsWhere(java.util.function.Predicate<RegistryEntry> which) {
    return registry.current().values().stream()
        .filter(which)
        .map(e -> e.getId().toString())
        .sorted(Comparator.naturalOrder())
        .toList();
  }

  static void assertError(HttpResponse<String> response, int status, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode json = HttpCalls.json(response);
    assertThat(json.get("error").asText()).isEqualTo(message);
    assertThat(json.get("status").asInt()).isEqualTo(status);
  }
}
