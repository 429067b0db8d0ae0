package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeaderTest {

  @Test
  void rendersTheHeaderAndItsGrepableTwin() {
    Header h = new Header("GOV", "RULES", "BASE", "GOV-RULES-7K3M9Q2XAB", "v2.9", "REQUIRED");
    assertThat(h.text()).isEqualTo("[GOV][RULES][BASE][GOV-RULES-7K3M9Q2XAB][v2.9][REQUIRED]");
    assertThat(h.grepable()).isEqualTo("[gov-rules-base-gov-rules-7k3m9q2xab-v2.9-required]");
  }

  @Test
  void refusesPartsThatWouldMakeTheHeaderAmbiguous() {
    assertThatThrownBy(() -> new Header("GOV", "RULES", "BASE", "ID", "v1]", "REQUIRED"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header version 'v1]' is empty or contains '[', ']' or whitespace");
    assertThatThrownBy(() -> new Header("GOV", "RULES", "BASE", "I D", "v1", "REQUIRED"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Header("GOV", "", "BASE", "ID", "v1", "REQUIRED"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Header("[GOV", "RULES", "BASE", "ID", "v1", "REQUIRED"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
