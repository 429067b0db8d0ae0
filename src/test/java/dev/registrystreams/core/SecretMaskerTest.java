package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskerTest {

  private final SecretMasker masker = RegistrySchema.defaults().secretMasker();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password",
        "db_password",
        "DB-PASSWORD",
        "API-Key",
        "api.key",
        "apiKey",
        "githubToken",
        "private_key",
        "Private Key",
        "client_secret",
        "aws.credentials",
        "passwd",
        "Authorization",
        "Proxy-Authorization",
        "pwd",
        "DB_PWD",
        "ssh_passphrase",
        "accessKey",
        "azure.access_key",
        "session_id",
        "JSESSIONID"
      })
  void secretKeys(String key) {
    assertThat(masker.isSecretKey(key)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "user",
        "env",
        "owners",
        "pass",
        "key",
        "api",
        "tokn",
        "",
        "author",
        "auth_method",
        "oauth_url",
        "session_timeout",
        "cookie_secure",
        "url",
        "email"
      })
  void ordinaryKeys(String key) {
    assertThat(masker.isSecretKey(key)).isFalse();
  }

  @Test
  void masksScalarsSubtreesAndMapsInsideLists() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", "prod");
    context.put("db_password", "hunter2");
    context.put("credentials", Map.of("user", "u", "pass", "p"));
    context.put("apiKey", null);
    context.put(
        "owners",
        List.of(
            Map.of("name", "ops", "token", "t-1"),
            List.of(Map.of("secret", List.of("a", "b"))),
            "plain"));
    Map<String, Object> masked = masker.mask(context);

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("env", "prod");
    expected.put("db_password", SecretMasker.MASK);
    expected.put("credentials", SecretMasker.MASK);
    expected.put("apiKey", SecretMasker.MASK);
    expected.put(
        "owners",
        List.of(
            Map.of("name", "ops", "token", "******"),
            List.of(Map.of("secret", "******")),
            "plain"));
    assertThat(masked).isEqualTo(expected);
    assertThat(masked.keySet())
        .containsExactly("env", "db_password", "credentials", "apiKey", "owners");
  }

  @Test
  void inputIsNotModified() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("token", "t");
    List<Object> list = new ArrayList<>();
    list.add(inner);
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("password", "p");
    context.put("list", list);

    masker.mask(context);

    assertThat(context).containsEntry("password", "p");
    assertThat(inner).containsEntry("token", "t");
    assertThat(list).containsExactly(inner);
  }

  @Test
  void blankConfiguredWordsAreIgnored() {
    SecretMasker m = new SecretMasker(List.of("", " - ", "pin"));
    assertThat(m.isSecretKey("anything")).isFalse();
    assertThat(m.isSecretKey("PIN_code")).isTrue();
  }
}
