package dev.registrystreams.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class YamlCodecTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "42",
        "true",
        "null",
        "~",
        "yes",
        "off",
        "0777",
        "0x1F",
        "1_000",
        "1:30",
        ".inf",
        "2026-11-24",
        "2026-11-24T01:35:46.123Z",
        "",
        " leading",
        "trailing ",
        "line\nbreak",
        "ends with newline\n",
        "\n starts with newline",
        "- dash",
        "key: value",
        "# comment",
        "---",
        "...",
        "&anchor",
        "*alias",
        "!!python/object:os.system",
        "{}",
        "[a, b]",
        "'single' \"double\"",
        "tab\there",
        "emoji \uD83D\uDE00",
        "bell \u0007 nel \u0085 bom \uFEFF",
        "back\\slash",
        "a\r\nb"
      })
  void stringsRoundTripAsStrings(String value) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("value", value);
    Map<String, Object> back = YamlCodec.load(YamlCodec.dump(doc));
    assertThat(back).containsExactly(Map.entry("value", value));
  }

  @Test
  void plainDataRoundTripsWithItsTypes() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("string", "42");
    doc.put("long", 42L);
    doc.put("big", Long.MAX_VALUE);
    doc.put("double", 1.5);
    doc.put("whole double", 2.0);
    doc.put("bool", true);
    doc.put("null", null);
    doc.put("list", new ArrayList<>(Arrays.asList(1L, "two", null, List.of())));
    doc.put("map", Map.of("nested", Map.of()));
    assertThat(YamlCodec.load(YamlCodec.dump(doc))).isEqualTo(doc);
  }

  @Test
  void dumpIsBlockStyleKeepsUnicodeAndDoesNotFold() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("title", "Emoji \uD83D\uDE00 " + "word ".repeat(60).strip());
    doc.put("list", List.of("a", "b"));
    String yaml = YamlCodec.dump(doc);
    assertThat(yaml)
        .isEqualTo(
            "title: Emoji \uD83D\uDE00 " + "word ".repeat(60).strip() + "\n" + "list:\n- a\n- b\n");
  }

  @Test
  void dumpNeverWritesAnchorsForSharedObjects() {
    List<Object> shared = List.of("x");
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("a", shared);
    doc.put("b", shared);
    assertThat(YamlCodec.dump(doc)).isEqualTo("a:\n- x\nb:\n- x\n");
  }

  @Test
  void flowRendersOneValueOnOneLine() {
    assertThat(YamlCodec.flow("42")).isEqualTo("'42'");
    assertThat(YamlCodec.flow(42L)).isEqualTo("42");
    assertThat(YamlCodec.flow(null)).isEqualTo("null");
    assertThat(YamlCodec.flow("plain text")).isEqualTo("plain text");
    assertThat(YamlCodec.flow("two\nlines")).isEqualTo("\"two\\nlines\"");
    assertThat(YamlCodec.flow(List.of())).isEqualTo("[]");
    assertThat(YamlCodec.flow(Map.of())).isEqualTo("{}");
    assertThat(YamlCodec.flow(true)).isEqualTo("true");
    assertThat(YamlCodec.flow("true")).isEqualTo("'true'");
    assertThat(YamlCodec.flow(1.5)).isEqualTo("1.5");
  }

  @Test
  void loadRefusesTagsForOtherTypes() {
    assertThatThrownBy(() -> YamlCodec.load("a: !!python/object:os.system ls\n"))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessageStartingWith("invalid YAML: ")
        .hasMessageContaining("tag:yaml.org,2002:python/object:os.system")
        .hasMessageContaining("(line 1, column 4)")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> YamlCodec.load("a: !custom 1\n"))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessageContaining("!custom");
  }

  @Test
  void loadRefusesBinaryAndSetValues() {
    assertThatThrownBy(() -> YamlCodec.load("a:\n  b: !!binary aGVsbG8=\n"))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessage(
            "invalid YAML: value at 'a.b' is a binary value; only strings, numbers, booleans,"
                + " null, lists and maps are allowed");
    assertThatThrownBy(() -> YamlCodec.load("a: !!set {x: null}\n"))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessage(
            "invalid YAML: value at 'a' is a set; only strings, numbers, booleans, null, lists"
                + " and maps are allowed");
  }

  @Test
  void loadRefusesAnAliasBomb() {
    StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      char prev = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      bomb.append(String.join(", ", java.util.Collections.nCopies(9, "*" + prev)));
      bomb.append("]\n");
    }
    assertThatThrownBy(() -> YamlCodec.load(bomb.toString()))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessageStartingWith("invalid YAML: ")
        .hasMessageContaining("aliases")
        .hasMessageNotContaining("\n");
  }

  @Test
  void loadAcceptsAFewAliases() {
    assertThat(YamlCodec.load("a: &x [1]\nb: *x\n"))
        .isEqualTo(Map.of("a", List.of(1L), "b", List.of(1L)));
  }

  @Test
  void loadRefusesDeepNestingWithoutOverflowingTheStack() {
    String deep = "a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
    assertThatThrownBy(() -> YamlCodec.load(deep))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessage("invalid YAML: nested deeper than 64 levels (line 1, column 67)");
    String deepBlock = "- ".repeat(10_000) + "x\n";
    assertThatThrownBy(() -> YamlCodec.load(deepBlock))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessageStartingWith("invalid YAML: nested deeper than 64 levels");
  }

  @Test
  void loadRefusesDuplicateKeysNonStringKeysAndNonMapRoots() {
    assertThatThrownBy(() -> YamlCodec.load("a: 1\na: 2\n"))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessageContaining("duplicate key a");
    assertThatThrownBy(() -> YamlCodec.load("1: one\n"))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessage("invalid YAML: key '1' is a number; keys must be strings");
    assertThatThrownBy(() -> YamlCodec.load("- a\n"))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessage("invalid YAML: the document must be a map of keys to values, not a list");
    assertThatThrownBy(() -> YamlCodec.load("a: 1\n---\nb: 2\n"))
        .isInstanceOf(InvalidYamlException.class);
  }

  @Test
  void loadRefusesANullKey() {
    // Found by YamlCodecFuzzTest: the message's kind of key was a NullPointerException.
    assertThatThrownBy(() -> YamlCodec.load("~: x\n"))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessage("invalid YAML: key 'null' is a null; keys must be strings");
    assertThatThrownBy(() -> YamlCodec.load("a: {null: x}\n"))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessage("invalid YAML: key 'null' under 'a' is a null; keys must be strings");
  }

  @Test
  void loadRefusesARecursiveAliasWithoutOverflowingTheStack() {
    // Found by YamlCodecFuzzTest: a list that holds itself sent the plain-data walk into a
    // StackOverflowError.
    assertThatThrownBy(() -> YamlCodec.load("a: &a [1, {b: *a}]\n"))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessage("invalid YAML: alias *a is inside the collection it names (line 1, column 15)");
    assertThatThrownBy(() -> YamlCodec.loadValue("&a [*a]"))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessageStartingWith("invalid YAML: alias *a is inside the collection it names");
    // An alias to an anchor set again inside the collection names the newer node.
    assertThat(YamlCodec.load("a: &x [&x 1, *x]\nb: *x\n"))
        .isEqualTo(Map.of("a", List.of(1L, 1L), "b", 1L));
  }

  @Test
  void loadRefusesTooLongInput() {
    String huge = "a: '" + "x".repeat(YamlCodec.MAX_CODE_POINTS) + "'\n";
    assertThatThrownBy(() -> YamlCodec.load(huge))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessageContaining("code points");
  }

  @Test
  void loadIgnoresEnvironmentVariableSyntax() {
    assertThat(YamlCodec.load("home: ${HOME}\n")).isEqualTo(Map.of("home", "${HOME}"));
  }
}
