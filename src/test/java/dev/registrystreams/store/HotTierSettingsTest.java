package dev.registrystreams.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class HotTierSettingsTest {

  @Test
  void defaultsBoundByEntries() {
    assertThat(HotTierSettings.defaults())
        .isEqualTo(new HotTierSettings(HotTierSettings.DEFAULT_MAXIMUM_ENTRIES, 0));
    // 6 tasks of it in a 512 MiB heap: about 125 MB at the measured 1,050 bytes an entry.
    assertThat(HotTierSettings.DEFAULT_MAXIMUM_ENTRIES).isEqualTo(20_000);
    assertThat(HotTierSettings.defaults().weighted()).isFalse();
  }

  @Test
  void factoriesSetExactlyOneBound() {
    assertThat(HotTierSettings.byEntries(10)).isEqualTo(new HotTierSettings(10, 0));
    assertThat(HotTierSettings.byWeight(1 << 20)).isEqualTo(new HotTierSettings(0, 1 << 20));
    assertThat(HotTierSettings.byWeight(1 << 20).weighted()).isTrue();
  }

  @Test
  void rejectsNoBoundBothBoundsAndNegativeBounds() {
    assertThatIllegalArgumentException().isThrownBy(() -> new HotTierSettings(0, 0));
    assertThatIllegalArgumentException().isThrownBy(() -> new HotTierSettings(10, 10));
    assertThatIllegalArgumentException().isThrownBy(() -> HotTierSettings.byEntries(-1));
    assertThatIllegalArgumentException().isThrownBy(() -> HotTierSettings.byWeight(0));
  }

  @Test
  void supplierKeepsTheDurableNameAndScopesItsMetrics() {
    HotTierStoreSupplier supplier =
        new HotTierStoreSupplier(
            Stores.persistentKeyValueStore("entries"), HotTierSettings.defaults());

    assertThat(supplier.name()).isEqualTo("entries");
    assertThat(supplier.metricsScope()).isEqualTo("hot-tier-rocksdb");
    assertThat(supplier.get()).isInstanceOf(HotTierStore.class);
    assertThat(supplier.get().name()).isEqualTo("entries");
    assertThat(supplier.get().persistent()).isTrue();
  }
}
