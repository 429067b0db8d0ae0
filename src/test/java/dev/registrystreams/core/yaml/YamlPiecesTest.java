package dev.registrystreams.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class YamlPiecesTest {

  /** The whole document as the pieces give it: each key's value, a list rebuilt from its items. */
  private static Map<String, Object> readAll(String yaml) {
    Map<String, Object> doc = new LinkedHashMap<>();
    try (YamlPieces pieces = new YamlPieces(new StringReader(yaml))) {
      for (String key = pieces.nextKey(); key != null; key = pieces.nextKey()) {
        if (pieces.atList()) {
          List<Object> items = new ArrayList<>();
          for (YamlPieces.Piece item = pieces.nextItem(); item != null; item = pieces.nextItem()) {
            items.add(item.value());
          }
          doc.put(key, items);
        } else {
          doc.put(key, pieces.value().value());
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return doc;
  }

  @Test
  void readsKeysWholeValuesAndListItemsWithTheirLines() throws IOException {
    String yaml = "a: 1\nentries:\n- id: x\n  n: 2\n- [1, 2]\nb: {c: d}\n";
    try (YamlPieces pieces = new YamlPieces(new StringReader(yaml))) {
      assertThat(pieces.nextKey()).isEqualTo("a");
      assertThat(pieces.atList()).isFalse();
      assertThat(pieces.value().value()).isEqualTo(1L);

      assertThat(pieces.nextKey()).isEqualTo("entries");
      assertThat(pieces.keyLine()).isEqualTo(2);
      assertThat(pieces.atList()).isTrue();
      YamlPieces.Piece row = pieces.nextItem();
      assertThat(row.value()).isEqualTo(Map.of("id", "x", "n", 2L));
      assertThat(row.line()).isEqualTo(3);
      assertThat(row.lines())
          .isEqualTo(
              Map.of(
                  List.of("entries", 0), 3,
                  List.of("entries", 0, "id"), 3,
                  List.of("entries", 0, "n"), 4));
      YamlPieces.Piece list = pieces.nextItem();
      assertThat(list.value()).isEqualTo(List.of(1L, 2L));
      assertThat(list.lines()).containsEntry(List.of("entries", 1), 5);
      assertThat(pieces.nextItem()).isNull();

      assertThat(pieces.nextKey()).isEqualTo("b");
      assertThat(pieces.value().value()).isEqualTo(Map.of("c", "d"));
      assertThat(pieces.nextKey()).isNull();
      assertThat(pieces.nextKey()).isNull();
    }
  }

  @Test
  void valuesAndItemsNotAskedForAreSkipped() {
    String yaml = "entries:\n- a: 1\n- b: 2\nother: [x]\nlast: true\n";
    try (YamlPieces pieces = new YamlPieces(new StringReader(yaml))) {
      assertThat(pieces.nextKey()).isEqualTo("entries");
      assertThat(pieces.nextItem().value()).isEqualTo(Map.of("a", 1L));
      assertThat(pieces.nextKey()).isEqualTo("other");
      assertThat(pieces.nextKey()).isEqualTo("last");
      assertThat(pieces.nextKey()).isNull();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "entries:\n- {id: 'x', n: 0x1F, o: 0o17, f: 1.5, inf: .inf, t: true, nul: ~, e: , q: \"1\"}\n",
        "entries:\n- id: |\n    two\n    lines\n  big: 123456789012345678901234567890\n",
        "entries:\n- a: &x [1, 2]\n  b: *x\n- <<: {m: 1}\n  n: 2\n- !!str 12\n- ? [k]\n  : v\n",
        "entries: []\nplain: word\nnested: {a: [1, {b: c}]}\n",
        "entries:\n- a: 1\n  a2: 'it''s'\n- - x\n  - y\n- null\n- 'q'\n",
      })
  void everyPieceIsWhatLoadReads(String yaml) {
    Map<String, Object> whole;
    try {
      whole = YamlCodec.load(yaml);
    } catch (InvalidYamlException e) {
      assertThatThrownBy(() -> readAll(yaml))
          .isInstanceOf(InvalidYamlException.class)
          .hasMessage(e.getMessage());
      return;
    }
    assertThat(readAll(yaml)).isEqualTo(whole);
  }

  @Test
  void aListOfManyItemsIsReadOneAtATimeWithoutTheDocumentLimit() {
    StringBuilder yaml = new StringBuilder("entries:\n");
    String row = "- id: " + "x".repeat(200) + "\n  n: 1\n";
    int rows = YamlCodec.MAX_CODE_POINTS / row.length() + 100;
    yaml.append(row.repeat(rows));

    long count = 0;
    try (YamlPieces pieces = new YamlPieces(new StringReader(yaml.toString()))) {
      pieces.nextKey();
      while (pieces.nextItem() != null) {
        count++;
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }

    assertThat(yaml.length()).isGreaterThan(YamlCodec.MAX_CODE_POINTS);
    assertThat(count).isEqualTo(rows);
  }

  @Test
  void anAliasBombInAnItemIsRefused() {
    StringBuilder bomb = new StringBuilder("entries:\n- a: &a [lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      bomb.append("  ").append(c).append(": &").append(c).append(" [");
      bomb.append(String.join(", ", java.util.Collections.nCopies(9, "*" + (char) (c - 1))));
      bomb.append("]\n");
    }
    assertThatThrownBy(() -> readAll(bomb.toString()))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessageStartingWith("invalid YAML: ")
        .hasMessageContaining("aliases")
        .hasMessageNotContaining("\n");
  }

  @Test
  void anAnchorIsKnownOnlyWithinItsItem() {
    assertThatThrownBy(() -> readAll("entries:\n- &a [1]\n- *a\n"))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessage("invalid YAML: found undefined alias a (line 3, column 3)");
  }

  @Test
  void deepNestingIsRefusedAsItArrives() {
    String deep = "entries:\n- " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
    assertThatThrownBy(() -> readAll(deep))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessage("invalid YAML: nested deeper than 64 levels (line 2, column 65)")
        .extracting(e -> ((InvalidYamlException) e).line())
        .isEqualTo(2);
  }

  @Test
  void anItemLongerThanTheLimitIsRefusedBeforeItIsRead() {
    String huge = "entries:\n- ok\n- '" + "x".repeat(4 * YamlPieces.MAX_PIECE_CHARS) + "'\n";
    assertThatThrownBy(() -> readAll(huge))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessage(
            "invalid YAML: a value or list item longer than "
                + YamlPieces.MAX_PIECE_CHARS
                + " characters (line 3)");
  }

  @Test
  void theRootMustBeOneMapOfStringKeysWithoutRepeats() {
    assertThatThrownBy(() -> readAll(""))
        .hasMessage("invalid YAML: the document must be a map of keys to values, not empty");
    assertThatThrownBy(() -> readAll("- a\n"))
        .hasMessage("invalid YAML: the document must be a map of keys to values, not a list");
    assertThatThrownBy(() -> readAll("1: one\n"))
        .hasMessage("invalid YAML: key '1' is a number; keys must be strings");
    assertThatThrownBy(() -> readAll("entries: []\nentries: []\n"))
        .hasMessage(
            "invalid YAML: while constructing a mapping: found duplicate key entries (line 2)");
    assertThatThrownBy(() -> readAll("a: 1\n---\nb: 2\n"))
        .hasMessageStartingWith("invalid YAML: expected a single document in the stream");
    assertThatThrownBy(() -> readAll("entries:\n- a: 1\n  a: 2\n"))
        .hasMessageContaining("duplicate key a");
  }
}
