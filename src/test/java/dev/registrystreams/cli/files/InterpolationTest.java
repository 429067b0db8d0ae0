package dev.registrystreams.cli.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {

  private static final Map<String, String> VARS = Map.of("HOST", "db", "PORT", "5432", "EMPTY", "");

  private static Map<String, Object> doc(Object value) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("v", value);
    return doc;
  }

  private static Object interpolate(Object value) {
    return Interpolation.apply(doc(value), VARS::get).get("v");
  }

  @Test
  void replacesReferencesInStringValuesAtAnyDepth() {
    assertThat(interpolate("${HOST}:${PORT}")).isEqualTo("db:5432");
    assertThat(interpolate(List.of(Map.of("url", "pg://${HOST}/x"))))
        .isEqualTo(List.of(Map.of("url", "pg://db/x")));
    assertThat(interpolate("${MISSING:-fallback}")).isEqualTo("fallback");
    assertThat(interpolate("${EMPTY:-fallback}")).isEqualTo("fallback");
    assertThat(interpolate("${HOST:-fallback}")).isEqualTo("db");
    assertThat(interpolate("${MISSING:-}")).isEqualTo("");
    assertThat(interpolate("${EMPTY}")).isEqualTo("");
  }

  @Test
  void leavesOtherDollarsKeysAndNonStringsAlone() {
    assertThat(interpolate("costs $5 and $HOST")).isEqualTo("costs $5 and $HOST");
    assertThat(interpolate("$${HOST} is literal")).isEqualTo("${HOST} is literal");
    assertThat(interpolate("trailing $")).isEqualTo("trailing $");
    assertThat(interpolate(42L)).isEqualTo(42L);
    assertThat(interpolate(true)).isEqualTo(true);
    assertThat(Interpolation.apply(Map.of("${HOST}", "x"), VARS::get)).containsKey("${HOST}");
  }

  @Test
  void listsEveryUnsetVariableOnce() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("a", "${ZETA} ${ALPHA}");
    doc.put("b", List.of("${ALPHA}", "${HOST}"));
    assertThatThrownBy(() -> Interpolation.apply(doc, VARS::get))
        .isInstanceOf(Interpolation.InterpolationException.class)
        .hasMessage("unset variables without a default: ALPHA, ZETA")
        .satisfies(
            e ->
                assertThat(((Interpolation.InterpolationException) e).missing())
                    .containsExactly("ALPHA", "ZETA"));
  }

  @Test
  void reportsMalformedReferences() {
    assertThatThrownBy(() -> interpolate("${HOST"))
        .hasMessage("unterminated ${ in the value at 'v'");
    assertThatThrownBy(() -> interpolate("${1X}"))
        .hasMessage(
            "invalid reference ${'1X'} in the value at 'v' (expected ${NAME} or ${NAME:-default})");
    assertThatThrownBy(() -> interpolate("${}")).hasMessageStartingWith("invalid reference");
  }
}
