package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.RegistrySchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How pages of several partitions or instances become one page and its cursor. */
class EntryListMergeTest {

  @Test
  void theFirstEntriesOfAllPagesInIdOrderWithTheLastAsCursor() {
    JsonNode merged =
        EntryEndpoints.merge(
            List.of(page(false, "A-X-1", "A-X-4"), page(false, "A-X-2", "A-X-3", "A-X-5")), 3);
    assertThat(ids(merged)).containsExactly("A-X-1", "A-X-2", "A-X-3");
    assertThat(merged.get("next").asText()).isEqualTo("A-X-3");
  }

  @Test
  void noCursorWhenEverythingFitsAndNoPageHadMore() {
    JsonNode merged = EntryEndpoints.merge(List.of(page(false, "A-X-2"), page(false, "A-X-1")), 2);
    assertThat(ids(merged)).containsExactly("A-X-1", "A-X-2");
    assertThat(merged.get("next").isNull()).isTrue();
  }

  @Test
  void aPageWithMoreKeepsTheCursorEvenWhenTheMergeFitsExactly() {
    JsonNode merged = EntryEndpoints.merge(List.of(page(true, "A-X-1", "A-X-2"), page(false)), 2);
    assertThat(merged.get("next").asText()).isEqualTo("A-X-2");
  }

  @Test
  void anIdSeenTwiceIsListedOnce() {
    JsonNode merged = EntryEndpoints.merge(List.of(page(false, "A-X-1"), page(false, "A-X-1")), 5);
    assertThat(ids(merged)).containsExactly("A-X-1");
  }

  @Test
  void theCandidatesOfADedupKeyHoldItsIdUnderEveryScopeAndType() {
    DedupKey key = DedupKey.of("GOV", "RULES", "Access review");
    List<String> candidates = EntryIds.candidates(key.hex(), RegistrySchema.defaults());
    assertThat(candidates).hasSize(81).doesNotHaveDuplicates();
    assertThat(candidates).contains(EntryId.derive("GOV", "RULES", key));
    assertThat(candidates).allMatch(EntryIds::isId);
  }

  private static JsonNode page(boolean more, String... ids) {
    StringBuilder json = new StringBuilder("{\"entries\": [");
    for (int i = 0; i < ids.length; i++) {
      json.append(i == 0 ? "" : ",").append("{\"id\": \"").append(ids[i]).append("\"}");
    }
    return HttpCalls.json(json.append("], \"more\": ").append(more).append("}").toString());
  }

  private static List<String> ids(JsonNode page) {
    return page.findValuesAsText("id");
  }
}
