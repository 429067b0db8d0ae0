package dev.registrystreams.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

  @Test
  void passwordsAreMaskedWhereverAUrlIsShown() {
    assertThat(RedisSettings.mask("redis://alice:hunter2@cache:6379/2"))
        .isEqualTo("redis://alice:******@cache:6379/2");
    assertThat(RedisSettings.mask("rediss://hunter2@cache:6380"))
        .isEqualTo("rediss://******@cache:6380");
    assertThat(RedisSettings.mask("redis://cache:6379")).isEqualTo("redis://cache:6379");
    // The rule of context values: the userinfo ends at the last '@', so none of it shows.
    assertThat(RedisSettings.mask("redis://alice:p@ss@cache:6379"))
        .isEqualTo("redis://alice:******@cache:6379");
    assertThat(RedisSettings.mask("redis://:hunter2@cache:6379"))
        .isEqualTo("redis://:******@cache:6379");
    RedisSettings settings = RedisSettings.of("rediss://bob:p%40ss@cache:6380/0");
    assertThat(settings.tls()).isTrue();
    assertThat(settings.toString()).doesNotContain("p%40ss").contains("bob:******@cache:6380");
  }

  @Test
  void refusesUrlsItCannotUseWithoutEchoingThePassword() {
    assertThatThrownBy(() -> RedisSettings.of("http://alice:hunter2@cache:6379"))
        .hasMessageContaining("redis:// or rediss://")
        .message()
        .doesNotContain("hunter2");
    assertThatThrownBy(() -> RedisSettings.of("redis://alice:hunter2@cache:6379/x"))
        .hasMessageContaining("database number")
        .message()
        .doesNotContain("hunter2");
    assertThatThrownBy(() -> RedisSettings.of("redis://:hunter2@/0"))
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void keysArePrefixedByApplicationAndStore() {
    RedisKeys keys = RedisKeys.of("registry-streams", "entries");
    TaskId task = new TaskId(1, 3);

    assertThat(new String(keys.entry("GOV-RULES-7K3M9Q2XAB")))
        .isEqualTo("registry-streams:entries:entry:GOV-RULES-7K3M9Q2XAB");
    assertThat(new String(keys.index("9f3c"))).isEqualTo("registry-streams:entries:key:9f3c");
    assertThat(new String(keys.epoch(task))).isEqualTo("registry-streams:entries:task:1_3:epoch");
    assertThat(new String(keys.undo(task))).isEqualTo("registry-streams:entries:task:1_3:undo");
    assertThat(new String(keys.offsets(task)))
        .isEqualTo("registry-streams:entries:task:1_3:offsets");
    assertThat(keys.storeKeyOf(keys.entry("x"))).isEqualTo("x".getBytes());
    assertThat(keys.storeKeyOf("other:entries:entry:x".getBytes())).isNull();
    assertThat(new String(RedisKeys.of("a*b", "entries").entryPattern()))
        .isEqualTo("a\\*b:entries:entry:*");
  }
}
