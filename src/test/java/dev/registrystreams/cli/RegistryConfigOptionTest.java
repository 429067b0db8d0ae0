package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.registrystreams.core.RegistrySchema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --registry-config}: the one place a {@code registry.yaml} is read from a file. */
class RegistryConfigOptionTest {

  @Test
  void readsTheFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    RegistryConfigOption option = new RegistryConfigOption();
    assertThat(option.schema()).isEqualTo(RegistrySchema.defaults());

    Path good = dir.resolve("good.yaml");
    Files.writeString(good, "secrets:\n  keys: [pin]\n");
    option.registryConfig = good;
    assertThat(option.schema().secretKeys()).containsExactly("pin");

    Path missing = dir.resolve("missing.yaml");
    option.registryConfig = missing;
    assertThatThrownBy(option::schema)
        .isInstanceOf(UserException.class)
        .hasMessage("cannot read --registry-config " + missing + ": no such file")
        .extracting(e -> ((UserException) e).exitCode())
        .isEqualTo(RegistryStreamsCli.USAGE);
  }
}
