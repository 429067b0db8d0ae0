package dev.registrystreams.cli.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@code ${VAR}} interpolation of {@code config put --interpolate}: {@link
 * Interpolation#apply} returns a document of the same shape or throws {@link
 * Interpolation.InterpolationException} (its unset variables sorted, each once), nothing else; a
 * string without {@code $} is kept as is.
 *
 * <p>The input is UTF-8 text: the variables, {@code NAME=value} lines, then a NUL, then the
 * document's string values, one a line. Values go in turn into the document's top level, a list and
 * a nested map, so that every kind of path is named in messages. Without a NUL, all of it is values
 * and no variable is set. See docs/FUZZING.md.
 */
// Per input: a hang is a finding (libFuzzer -timeout when fuzzing, JUnit in regression mode).
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InterpolationFuzzTest {

  @FuzzTest
  void apply(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int nul = text.indexOf('\0');
    Map<String, String> variables = new HashMap<>();
    if (nul >= 0) {
      for (String line : text.substring(0, nul).split("\n", -1)) {
        int eq = line.indexOf('=');
        variables.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 1));
      }
    }
    Map<String, Object> doc = document(text.substring(nul + 1).split("\n", -1));

    Map<String, Object> out;
    try {
      out = Interpolation.apply(doc, variables::get);
    } catch (Interpolation.InterpolationException e) {
      List<String> missing = e.missing();
      assertThat(missing).isSorted().doesNotHaveDuplicates();
      missing.forEach(name -> assertThat(variables).doesNotContainKey(name));
      return;
    }
    assertSameShape(doc, out);
  }

  private static Map<String, Object> document(String[] values) {
    Map<String, Object> doc = new LinkedHashMap<>();
    List<Object> list = new ArrayList<>();
    Map<String, Object> nested = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      switch (i % 3) {
        case 0 -> doc.put("k" + i, values[i]);
        case 1 -> list.add(values[i]);
        default -> nested.put("n" + i, values[i]);
      }
    }
    doc.put("count", (long) values.length);
    doc.put("list", list);
    doc.put("nested", Map.of("map", nested, "flag", true));
    return doc;
  }

  private static void assertSameShape(Object in, Object out) {
    if (in instanceof Map<?, ?> map) {
      assertThat(out).isInstanceOf(Map.class);
      Map<?, ?> outMap = (Map<?, ?>) out;
      assertThat(List.copyOf(outMap.keySet())).isEqualTo(List.copyOf(map.keySet()));
      map.forEach((key, value) -> assertSameShape(value, outMap.get(key)));
    } else if (in instanceof List<?> list) {
      assertThat(out).isInstanceOf(List.class);
      List<?> outList = (List<?>) out;
      assertThat(outList).hasSameSizeAs(list);
      for (int i = 0; i < list.size(); i++) {
        assertSameShape(list.get(i), outList.get(i));
      }
    } else if (in instanceof String text) {
      assertThat(out).isInstanceOf(String.class);
      if (text.indexOf('$') < 0) {
        assertThat(out).isEqualTo(text);
      }
    } else {
      assertThat(out).isEqualTo(in);
    }
  }
}
