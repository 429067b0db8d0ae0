package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.ChangeOp;
import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.PathChange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which events a feed filter passes: scope, entry id, and path prefixes by whole segments. */
class ChangeFilterTest {

  private static final ConfigChange CHANGE =
      ConfigChange.newBuilder()
          .setEntryId("GOV-RULES-7K3M9Q2XAB")
          .setDedupKey("9f3c")
          .setRequestId("r-1")
          .setHeader("[GOV][RULES][BASE][GOV-RULES-7K3M9Q2XAB][v2.9][REQUIRED]")
          .setRevisionFrom(1)
          .setRevisionTo(2)
          .setHashFrom("aa")
          .setHashTo("bb")
          .setChangedAt(Instant.parse("2026-11-24T08:00:00Z"))
          .setChanges(
              List.of(
                  new PathChange("context.owners[0].name", ChangeOp.UPDATE, "\"a\"", "\"b\""),
                  new PathChange("context.env", ChangeOp.ADD, null, "\"prod\"")))
          .build();

  @Test
  void scopeIsTheHeadersFirstPartIgnoringCase() {
    assertThat(new ChangeFilter("GOV", null, null).matches(CHANGE)).isTrue();
    assertThat(new ChangeFilter("gov", null, null).matches(CHANGE)).isTrue();
    assertThat(new ChangeFilter("GO", null, null).matches(CHANGE)).isFalse();
    assertThat(new ChangeFilter("RULES", null, null).matches(CHANGE)).isFalse();
  }

  @Test
  void entryIdIsExact() {
    assertThat(new ChangeFilter(null, "GOV-RULES-7K3M9Q2XAB", null).matches(CHANGE)).isTrue();
    assertThat(new ChangeFilter(null, "GOV-RULES-7K3M9Q2XA", null).matches(CHANGE)).isFalse();
  }

  @Test
  void pathPrefixMatchesWholeSegments() {
    for (String prefix :
        List.of("context", "context.owners", "context.owners[0]", "context.env", "context.")) {
      assertThat(new ChangeFilter(null, null, prefix).matches(CHANGE)).as(prefix).isTrue();
    }
    for (String prefix : List.of("context.own", "context.envs", "con", "title", "context.env.x")) {
      assertThat(new ChangeFilter(null, null, prefix).matches(CHANGE)).as(prefix).isFalse();
    }
  }

  @Test
  void everyGivenConditionMustHold() {
    assertThat(new ChangeFilter("GOV", "GOV-RULES-7K3M9Q2XAB", "context.env").matches(CHANGE))
        .isTrue();
    assertThat(new ChangeFilter("SEC", "GOV-RULES-7K3M9Q2XAB", "context.env").matches(CHANGE))
        .isFalse();
    assertThat(ChangeFilter.ALL.matches(CHANGE)).isTrue();
  }
}
