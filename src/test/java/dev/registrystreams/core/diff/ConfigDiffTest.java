package dev.registrystreams.core.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.core.yaml.YamlCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

  private static PathChange add(String path, String value) {
    return new PathChange(path, ChangeOp.ADD, null, value);
  }

  private static PathChange update(String path, String from, String to) {
    return new PathChange(path, ChangeOp.UPDATE, from, to);
  }

  private static PathChange delete(String path, String value) {
    return new PathChange(path, ChangeOp.DELETE, value, null);
  }

  private static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  @Test
  void nullBeforeAddsEveryLeafSortedByPath() {
    Map<String, Object> after =
        map("title", "T", "context", map("b", 2L, "a", List.of("x", "y"), "e", map()));
    assertThat(ConfigDiff.diff(null, after))
        .containsExactly(
            add("context.a[0]", "\"x\""),
            add("context.a[1]", "\"y\""),
            add("context.b", "2"),
            add("context.e", "{}"),
            add("title", "\"T\""));
  }

  @Test
  void equalDocumentsHaveNoChanges() {
    Map<String, Object> doc = map("a", map("b", List.of(1L, map("c", null))));
    assertThat(ConfigDiff.diff(doc, map("a", map("b", List.of(1L, map("c", null)))))).isEmpty();
  }

  @Test
  void addUpdateAndDeleteNestedLeaves() {
    Map<String, Object> before =
        map("context", map("owners", List.of(map("name", "ann", "team", "ops")), "x", 1L));
    Map<String, Object> after =
        map("context", map("owners", List.of(map("name", "bob")), "y", true));
    assertThat(ConfigDiff.diff(before, after))
        .containsExactly(
            update("context.owners[0].name", "\"ann\"", "\"bob\""),
            delete("context.owners[0].team", "\"ops\""),
            delete("context.x", "1"),
            add("context.y", "true"));
  }

  @Test
  void listIndexesSortNumerically() {
    List<Object> before = new ArrayList<>();
    List<Object> after = new ArrayList<>();
    for (long i = 0; i < 12; i++) {
      before.add(i);
      after.add(i == 2 || i == 10 ? i * 100 : i);
    }
    after.add(12L);
    assertThat(ConfigDiff.diff(map("l", before), map("l", after)))
        .containsExactly(
            update("l[2]", "2", "200"), update("l[10]", "10", "1000"), add("l[12]", "12"));
  }

  @Test
  void stringAndNumberAreDifferentValues() {
    assertThat(ConfigDiff.diff(map("v", 42L), map("v", "42")))
        .containsExactly(update("v", "42", "\"42\""));
    assertThat(ConfigDiff.diff(map("v", 42), map("v", 42L))).isEmpty();
  }

  @Test
  void nullLeafIsAValueNotAnAbsence() {
    assertThat(ConfigDiff.diff(map("v", null), map())).containsExactly(delete("v", "null"));
    assertThat(ConfigDiff.diff(map("v", null), map("v", "x")))
        .containsExactly(update("v", "null", "\"x\""));
  }

  @Test
  void subtreeReplacedByLeafIsDeletesAndAnAdd() {
    Map<String, Object> before = map("c", map("a", map("x", 1L, "y", 2L)));
    Map<String, Object> after = map("c", map("a", "flat"));
    assertThat(ConfigDiff.diff(before, after))
        .containsExactly(add("c.a", "\"flat\""), delete("c.a.x", "1"), delete("c.a.y", "2"));
    assertThat(ConfigDiff.diff(after, before))
        .containsExactly(delete("c.a", "\"flat\""), add("c.a.x", "1"), add("c.a.y", "2"));
  }

  @Test
  void leafToLeafOfAnotherTypeIsAnUpdate() {
    assertThat(ConfigDiff.diff(map("a", 5L), map("a", map())))
        .containsExactly(update("a", "5", "{}"));
    assertThat(ConfigDiff.diff(map("a", List.of()), map("a", map())))
        .containsExactly(update("a", "[]", "{}"));
  }

  @Test
  void listBecomingAMapSortsIndexesFirst() {
    assertThat(ConfigDiff.diff(map("a", List.of("x")), map("a", map("k", "v"))))
        .containsExactly(delete("a[0]", "\"x\""), add("a.k", "\"v\""));
  }

  @Test
  void awkwardKeysAreQuoted() {
    Map<String, Object> after =
        map("context", map("a.b", 1L, "sp ace", 2L, "br[0]", 3L, "q\"\\", 4L, "", 5L, "nl\n", 6L));
    assertThat(ConfigDiff.diff(null, after).stream().map(PathChange::path))
        .containsExactly(
            "context[\"\"]",
            "context[\"a.b\"]",
            "context[\"br[0]\"]",
            "context[\"nl\\u000a\"]",
            "context[\"q\\\"\\\\\"]",
            "context[\"sp ace\"]");
    assertThat(ConfigDiff.diff(null, map("a.b", map("c", 1L))).get(0).path())
        .isEqualTo("[\"a.b\"].c");
  }

  @Test
  void valuesAreOneLineJsonThatYamlReadsBackWithTheirType() {
    assertThat(ConfigDiff.diff(map("t", "a\nb"), map("t", "a b")))
        .containsExactly(update("t", "\"a\\nb\"", "\"a b\""));
    assertThat(ConfigDiff.diff(null, map("n", Double.NaN, "i", Double.NEGATIVE_INFINITY, "d", 2.5)))
        .containsExactly(add("d", "2.5"), add("i", "-.inf"), add("n", ".nan"));
    for (Object value : List.of("42", 42L, 2.5, true, "yes", "é 🚀 \u0007", map(), List.of())) {
      String text = ConfigDiff.diff(null, map("v", value)).get(0).newValue();
      assertThat(YamlCodec.loadValue(text)).as(text).isEqualTo(value);
    }
  }

  @Test
  void orderDoesNotDependOnMapIterationOrder() {
    Map<String, Object> one = map("z", 1L, "a", 2L, "m", Arrays.asList(3L, 4L));
    Map<String, Object> two = map("m", Arrays.asList(3L, 4L), "a", 2L, "z", 1L);
    assertThat(ConfigDiff.diff(null, one)).isEqualTo(ConfigDiff.diff(null, two));
    assertThat(ConfigDiff.diff(null, one).stream().map(PathChange::path))
        .containsExactly("a", "m[0]", "m[1]", "z");
  }
}
