package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** --http-port, --http-host, --application-server and --http-token. */
class HttpOptionsTest {

  @Test
  void anAddressGivenAsHostIsWhatOtherInstancesReach() {
    assertThat(options("--http-host", "10.1.2.3").applicationServer(8080))
        .isEqualTo("10.1.2.3:8080");
  }

  @Test
  void theApplicationServerOptionWins() {
    assertThat(
            options("--application-server", "registry-streams-0.registry-streams:8080")
                .applicationServer(41234))
        .isEqualTo("registry-streams-0.registry-streams:8080");
  }

  @Test
  void onEveryInterfaceItIsThisHostsAddressWithTheBoundPort() {
    assertThat(options("--http-host", "0.0.0.0").applicationServer(41234)).endsWith(":41234");
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-port", "host:", ":8080", "host:port"})
  void anApplicationServerWithoutHostAndPortIsAUsageError(String server) {
    assertThatThrownBy(() -> options("--application-server", server).applicationServer(8080))
        .isInstanceOf(UserException.class)
        .hasMessage("--application-server must be HOST:PORT, not '" + server + "'");
  }

  @ParameterizedTest
  @ValueSource(ints = {-2, 65536})
  void aPortOutOfRangeIsAUsageError(int port) {
    assertThatThrownBy(() -> options("--http-port", Integer.toString(port)).settings())
        .isInstanceOf(UserException.class)
        .hasMessage("--http-port must be 0..65535 (or -1 for no HTTP), not " + port);
  }

  @Test
  void minusOneServesNoHttp() {
    assertThat(options("--http-port", "-1").enabled()).isFalse();
    assertThat(options("--http-port", "0").enabled()).isTrue();
  }

  @Test
  void theTokenNeverShowsInTheSettingsText() {
    assertThat(options("--http-token", "t0ps3cret").settings().toString())
        .doesNotContain("t0ps3cret")
        .contains("token=****");
  }

  private static HttpOptions options(String... args) {
    HttpOptions options = new HttpOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }
}
