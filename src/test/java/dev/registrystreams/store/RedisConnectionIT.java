package dev.registrystreams.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** AUTH and TLS against real redis-servers, and that no password ever reaches a message. */
class RedisConnectionIT {

  private static final String PASSWORD = "s3cr3t-pa55word";

  @Test
  void connectsWithThePasswordAndRefusesAWrongOneWithoutPrintingIt() {
    try (RedisServer server = RedisServer.start(new RedisServer.Options(PASSWORD, false, false))) {
      try (RedisTier tier = RedisTier.connect(server.settings())) {
        String pong = tier.execute("ping", r -> r.ping());
        assertThat(pong).isEqualTo("PONG");
        assertThat(tier.health().description()).doesNotContain(PASSWORD).contains("******");
      }

      String wrong = "redis://default:not-the-" + PASSWORD + "@127.0.0.1:" + server.port();
      assertThatThrownBy(() -> RedisTier.connect(RedisSettings.of(wrong)))
          .isInstanceOf(RedisUnavailableException.class)
          .hasMessageContaining("redis://default:******@127.0.0.1:" + server.port())
          .message()
          .doesNotContain(PASSWORD);

      String none = "redis://127.0.0.1:" + server.port();
      try (RedisTier unauthenticated = RedisTier.connect(RedisSettings.of(none))) {
        // Redis accepts the connection and refuses the first command: a configuration error
        // that must fail loudly, not be waited out as an outage.
        assertThatThrownBy(() -> unauthenticated.execute("ping", r -> r.ping()))
            .hasMessageContaining("NOAUTH");
      } catch (RedisUnavailableException refusedAtConnect) {
        assertThat(refusedAtConnect).hasMessageContaining("NOAUTH");
      }
    }
  }

  @Test
  void talksTlsToAServerWhoseCertificateItTrusts() {
    try (RedisServer server = RedisServer.start(new RedisServer.Options(PASSWORD, true, false));
        RedisTier tier = RedisTier.connect(server.settings())) {
      assertThat(server.url()).startsWith("rediss://");
      tier.execute("set", r -> r.set("k".getBytes(UTF_8), "over tls".getBytes(UTF_8)));
      assertThat(new String(tier.execute("get", r -> r.get("k".getBytes(UTF_8))), UTF_8))
          .isEqualTo("over tls");

      // Without the certificate the JVM's trust store does not know the self-signed server.
      RedisSettings untrusted = new RedisSettings(server.url(), null, Duration.ofSeconds(2));
      assertThatThrownBy(() -> RedisTier.connect(untrusted))
          .isInstanceOf(RedisUnavailableException.class)
          .message()
          .doesNotContain(PASSWORD);
    }
  }
}
