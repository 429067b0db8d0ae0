package dev.registrystreams.core.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.registrystreams.core.EntryDocument;
import dev.registrystreams.core.SecretMasker;
import dev.registrystreams.core.yaml.YamlCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfigPatchTest {

  private static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  /** apply(before, diff(before, after)) == after, compared as sorted YAML, in both directions. */
  private static void assertRoundTrip(Map<String, Object> before, Map<String, Object> after) {
    List<PathChange> forward = ConfigDiff.diff(before, after);
    assertThat(YamlCodec.dump(ConfigPatch.apply(before, forward)))
        .as("forward %s", forward)
        .isEqualTo(YamlCodec.dump(sortedMap(after)));
    List<PathChange> backward = ConfigDiff.diff(after, before);
    assertThat(YamlCodec.dump(ConfigPatch.apply(after, backward)))
        .as("backward %s", backward)
        .isEqualTo(YamlCodec.dump(sortedMap(before)));
    // From nothing: the CREATED event of a history.
    assertThat(YamlCodec.dump(ConfigPatch.apply(null, ConfigDiff.diff(null, after))))
        .isEqualTo(YamlCodec.dump(sortedMap(after)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sortedMap(Map<String, Object> doc) {
    return (Map<String, Object>) EntryDocument.sorted(doc);
  }

  @Test
  void roundTripsHandPickedShapes() {
    Map<String, Object> base =
        map(
            "title",
            "T",
            "context",
            map(
                "env",
                "prod",
                "db_password",
                SecretMasker.MASK,
                "owners",
                List.of(map("name", "ann", "team", "ops"), map("name", "bob")),
                "tags",
                List.of("a", "b", "c"),
                "empty",
                map(),
                "none",
                List.of(),
                "n",
                5L,
                "x",
                1.5,
                "flag",
                true,
                "nothing",
                Arrays.asList(null, "y", "42", "yes", "multi\nline")));
    List<Map<String, Object>> afters =
        List.of(
            map(),
            base,
            map("title", "T2"),
            // list shrinks and grows, maps lose and gain keys
            map("title", "T", "context", map("tags", List.of("a"), "owners", List.of())),
            map(
                "title",
                "T",
                "context",
                map(
                    "tags",
                    List.of("a", "b", "c", "d", "e"),
                    "owners",
                    List.of(map("name", "zed")))),
            // type changes: scalar <-> map <-> list <-> empty containers
            map("title", map("nested", "T"), "context", List.of(1L, 2L)),
            map("title", List.of(), "context", map()),
            map("title", 42L, "context", "just a string"),
            map("title", "42", "context", map("owners", map("0", "ann"))),
            // quoted keys: dots, brackets, quotes, spaces, empty, control characters, unicode
            map(
                "context",
                map(
                    "a.b", 1L,
                    "[x]", map("y z", 2L),
                    "q\"uote", "v",
                    "back\\slash", List.of(map("", "empty key")),
                    "tab\tkey", "t",
                    "ключ", "значение",
                    "42", "digits as key")),
            // masked values stay masked
            map(
                "context",
                map("db_password", SecretMasker.MASK, "token", map("x", SecretMasker.MASK))));
    for (Map<String, Object> before : afters) {
      for (Map<String, Object> after : afters) {
        assertRoundTrip(before, after);
      }
    }
  }

  @Test
  void roundTripsRandomShapes() {
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      Map<String, Object> before = randomMap(random, 0);
      Map<String, Object> after =
          random.nextBoolean() ? mutate(before, random) : randomMap(random, 0);
      assertRoundTrip(before, after);
    }
  }

  private static final String[] KEYS = {"a", "b", "a.b", "[0]", "0", "", "x y", "é", "password"};

  private static Map<String, Object> randomMap(Random random, int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    int n = random.nextInt(depth == 0 ? 5 : 4);
    for (int i = 0; i < n; i++) {
      out.put(KEYS[random.nextInt(KEYS.length)], randomValue(random, depth + 1));
    }
    return out;
  }

  private static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 6 : 9);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> (long) random.nextInt(100) - 50;
      case 3 -> random.nextInt(10) / 4.0;
      case 4 -> List.of("s", "42", "true", "", "a: b", "******").get(random.nextInt(6));
      case 5 -> random.nextBoolean() ? map() : List.of();
      case 6, 7 -> randomMap(random, depth);
      default -> {
        List<Object> list = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          list.add(randomValue(random, depth + 1));
        }
        yield list;
      }
    };
  }

  private static Map<String, Object> mutate(Map<String, Object> doc, Random random) {
    Map<String, Object> out = new LinkedHashMap<>(doc);
    if (!out.isEmpty() && random.nextBoolean()) {
      out.remove(out.keySet().iterator().next());
    }
    out.put(KEYS[random.nextInt(KEYS.length)], randomValue(random, 1));
    return out;
  }

  @Test
  void refusesChangesThatDoNotFit() {
    Map<String, Object> doc = map("a", 1L, "l", List.of("x"));
    assertThatThrownBy(
            () -> ConfigPatch.apply(doc, List.of(new PathChange("a", ChangeOp.ADD, null, "2"))))
        .isInstanceOf(ConfigPatch.ConflictException.class)
        .hasMessage("cannot ADD 'a': it already holds 1");
    assertThatThrownBy(
            () -> ConfigPatch.apply(doc, List.of(new PathChange("a", ChangeOp.UPDATE, "3", "4"))))
        .hasMessage("cannot UPDATE 'a': it holds 1");
    assertThatThrownBy(
            () -> ConfigPatch.apply(doc, List.of(new PathChange("b", ChangeOp.DELETE, "1", null))))
        .hasMessage("cannot DELETE 'b': it is absent");
    assertThatThrownBy(
            () -> ConfigPatch.apply(doc, List.of(new PathChange("l[2]", ChangeOp.ADD, null, "y"))))
        .hasMessage("list at 'l' does not have indexes 0..1");
    assertThatThrownBy(
            () -> ConfigPatch.apply(doc, List.of(new PathChange("a.b", ChangeOp.ADD, null, "y"))))
        .hasMessage("path 'a.b' lies below a leaf");
    assertThatThrownBy(
            () -> ConfigPatch.apply(doc, List.of(new PathChange("a..b", ChangeOp.ADD, null, "y"))))
        .hasMessageStartingWith("invalid path 'a..b'");
  }

  @Test
  void pathsParseBackExactly() {
    for (String text :
        List.of(
            "a",
            "a.b[0].c",
            "[\"a.b\"]",
            "x[\"\"][3]",
            "k[\"q\\\"uote\"].z",
            "[\"tab\\u0009key\"]",
            "l[0][1][2]",
            "ключ.значение")) {
      assertThat(ConfigPath.parse(text).text()).isEqualTo(text);
    }
    assertThat(ConfigPath.parse("a[\"b.c\"][2]").segments()).containsExactly("a", "b.c", 2);
    for (String bad : List.of("", ".a", "a.", "a[x]", "a[\"b\"", "a[1]b", "a[\"b\"c]")) {
      assertThatThrownBy(() -> ConfigPath.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
