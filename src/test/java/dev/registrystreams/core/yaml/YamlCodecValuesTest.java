package dev.registrystreams.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlCodecValuesTest {

  @Test
  void loadValueReadsEveryFlowValueBack() {
    for (Object value :
        Arrays.asList(
            null,
            true,
            42L,
            -1.5,
            "s",
            "42",
            "yes",
            "a: b",
            "multi\nline",
            "******",
            "",
            List.of(),
            Map.of(),
            List.of(1L, "x"),
            Map.of("k", List.of(Map.of())))) {
      assertThat(YamlCodec.loadValue(YamlCodec.flow(value))).as("%s", value).isEqualTo(value);
    }
  }

  @Test
  void commandLineValuesAreTypedScalarsUnlessQuoted() {
    assertThat(YamlCodec.loadCommandLineValue("42")).isEqualTo(42L);
    assertThat(YamlCodec.loadCommandLineValue("1.5")).isEqualTo(1.5);
    assertThat(YamlCodec.loadCommandLineValue("true")).isEqualTo(true);
    assertThat(YamlCodec.loadCommandLineValue("null")).isNull();
    assertThat(YamlCodec.loadCommandLineValue("'42'")).isEqualTo("42");
    assertThat(YamlCodec.loadCommandLineValue("[a, 2]")).isEqualTo(List.of("a", 2L));
    assertThat(YamlCodec.loadCommandLineValue("{a: 1}")).isEqualTo(Map.of("a", 1L));
    assertThat(YamlCodec.loadCommandLineValue("it's: fine")).isEqualTo("it's: fine");
    assertThat(YamlCodec.loadCommandLineValue("prod")).isEqualTo("prod");
    assertThat(YamlCodec.loadCommandLineValue("")).isEqualTo("");
    assertThatThrownBy(() -> YamlCodec.loadCommandLineValue("[open"))
        .isInstanceOf(InvalidYamlException.class);
  }
}
