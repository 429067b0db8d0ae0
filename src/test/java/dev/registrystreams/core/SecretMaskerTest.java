package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          # user kept, password masked
          postgres://app:pw@db:5432/x              | postgres://app:******@db:5432/x
          https://user:tok@host/                   | https://user:******@host/
          redis://:pw@host:6379                    | redis://:******@host:6379
          HTTPS://U:P@HOST                         | HTTPS://U:******@HOST
          http://u:p@[::1]:8080/                   | http://u:******@[::1]:8080/
          mongodb://u:p@h1:27017,h2:27017/db?rs=x  | mongodb://u:******@h1:27017,h2:27017/db?rs=x
          # the userinfo ends at the last '@' of the authority: an '@' in a password is masked too
          postgres://app:p@ss@db/x                 | postgres://app:******@db/x
          # a lone userinfo, or an empty password, is masked whole: it is often a token
          https://tok@host                         | https://******@host
          git+https://ghp_abc@github.com/o/r.git   | git+https://******@github.com/o/r.git
          https://sk_live_1:@api.stripe.com/v1     | https://******@api.stripe.com/v1
          ssh://git@github.com/o/r.git             | ssh://******@github.com/o/r.git
          # the scheme is read back from "://" to its first letter
          jdbc:postgresql://app:pw@db:5432/x       | jdbc:postgresql://app:******@db:5432/x
          42https://u:p@h                          | 42https://u:******@h
          # several URLs in one string, each masked; the text around them kept
          `primary postgres://a:one@db1/x, replica postgres://b:two@db2/x` | `primary postgres://a:******@db1/x, replica postgres://b:******@db2/x`
          redis://:one@h1:6379,redis://:two@h2:6379 | redis://:******@h1:6379,redis://:******@h2:6379
          `url="postgres://app:pw@db" owner="ops@example.com"` | `url="postgres://app:******@db" owner="ops@example.com"`
          <https://u:p@h>                          | <https://u:******@h>
          `see [db](postgres://u:p@h/x).`          | `see [db](postgres://u:******@h/x).`
          # already masked: unchanged, so masking stored content again changes nothing
          postgres://app:******@db:5432/x          | postgres://app:******@db:5432/x
          https://******@host                      | https://******@host
          """)
  void masksUrlCredentials(String value, String expected) {
    assertThat(masker.maskText(value)).isEqualTo(expected);
    assertThat(masker.maskText(expected)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a@b.c",
        "ops@example.com",
        "mailto:a@b.c",
        "contact ops@example.com or see https://example.com/docs",
        "https://example.com:8443/x",
        "https://host/path/a@b",
        "https://host/x?mail=a@b.c#frag@x",
        "https://host#a@b",
        "https://@host",
        "//u:p@host",
        "1+2://u:p@h",
        "://u:p@h",
        "user:pw@host",
        "postgres://host:5432/db",
        "git@github.com:o/r.git",
        "https://u:p /@host",
        ""
      })
  void leavesTextWithoutUrlCredentialsAsItIs(String value) {
    assertThat(masker.maskText(value)).isSameAs(value);
  }

  @Test
  void urlCredentialsAreMaskedUnderAnyOrdinaryKeyAndInLists() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("url", "postgres://app:pw@db/x");
    context.put(
        "mirrors",
        List.of("https://u:tok@m1/", Map.of("dsn", "https://key@sentry.io/1"), 5L, "plain"));
    context.put("Authorization", "Bearer abc");
    context.put("pwd", "hunter2");
    context.put("contact", "a@b.c");

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("url", "postgres://app:******@db/x");
    expected.put(
        "mirrors",
        List.of("https://u:******@m1/", Map.of("dsn", "https://******@sentry.io/1"), 5L, "plain"));
    expected.put("Authorization", SecretMasker.MASK);
    expected.put("pwd", SecretMasker.MASK);
    expected.put("contact", "a@b.c");
    assertThat(masker.mask(context)).isEqualTo(expected);
    assertThat(masker.mask(masker.mask(context))).isEqualTo(expected);
  }

  @Test
  void mapKeysAreNotMasked() {
    assertThat(masker.mask(Map.of("https://u:p@h", "x"))).isEqualTo(Map.of("https://u:p@h", "x"));
  }

  @Test
  void urlMaskingCanBeSwitchedOff() {
    SecretMasker keysOnly = new SecretMasker(List.of("password"), false);
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("url", "postgres://app:pw@db/x");
    context.put("password", "hunter2");

    assertThat(keysOnly.mask(context))
        .containsEntry("url", "postgres://app:pw@db/x")
        .containsEntry("password", SecretMasker.MASK);
    assertThat(keysOnly.maskText("https://u:p@h")).isEqualTo("https://u:p@h");
  }

  @Test
  void masksLongAdversarialTextQuickly() {
    String text = "a1".repeat(32_000) + "://" + "b".repeat(32_000);
    String many = "x://y@".repeat(10_000);
    long start = System.nanoTime();
    assertThat(masker.maskText(text)).isSameAs(text);
    assertThat(masker.maskText(many)).isEqualTo("x://******@".repeat(10_000));
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @Test
  void changesSaysExactlyWhetherMaskingGivesAnotherContext() {
    java.util.Random random = new java.util.Random(5);
    String[] keys = {"env", "owner", "api_key", "API-Key", "Token", "notes", "x1", "db.password"};
    Object[] values = {
      "prod",
      SecretMasker.MASK,
      "https://user:pass@example.com/a",
      "https://user:******@example.com/a",
      "https://example.com",
      42L,
      null,
      true,
      List.of("a", "ftp://u:p@h"),
      Map.of("password", SecretMasker.MASK)
    };
    int changed = 0;
    for (int i = 0; i < 5_000; i++) {
      Map<String, Object> context = new LinkedHashMap<>();
      int n = random.nextInt(4);
      for (int k = 0; k < n; k++) {
        Object value = values[random.nextInt(values.length)];
        if (random.nextInt(4) == 0) {
          Map<String, Object> inner = new LinkedHashMap<>();
          inner.put("inner", values[random.nextInt(values.length)]);
          value = inner;
        }
        context.put(keys[random.nextInt(keys.length)], value);
      }
      boolean expected = !masker.mask(context).equals(context);
      assertThat(masker.changes(context)).as("%s", context).isEqualTo(expected);
      assertThat(masker.changes(masker.mask(context))).isFalse();
      changed += expected ? 1 : 0;
    }
    assertThat(changed).isBetween(500, 4_500);
  }

  // Words that share their first letter, that contain one another, and that start outside ASCII
  // (one of them, "İd", is simplified to three characters).
  @ParameterizedTest
  @ValueSource(
      strings = {
        "password,apikey,token,pwd,sessionid",
        "pass,passwd,pa,ıd,éclé,İd,k",
      })
  void aKeyIsSecretExactlyWhenItsSimplifiedFormHoldsAWord(String wordList) {
    List<String> words =
        java.util.Arrays.stream(wordList.split(",")).map(SecretMasker::simplify).toList();
    SecretMasker byWords = new SecretMasker(words);
    // Words cut up by separators (one an ASCII control that is whitespace) and case, near misses,
    // and characters outside ASCII.
    String alphabet = "pPaAsSwWoOrRdDkKeEyYiItTnNéÉcl_-. \t\u001c0İı";
    java.util.Random random = new java.util.Random(0x5EC2E7L);
    int secret = 0;
    for (int i = 0; i < 100_000; i++) {
      StringBuilder key = new StringBuilder();
      if (random.nextBoolean()) {
        key.append(words.get(random.nextInt(words.size())));
        key.insert(
            random.nextInt(key.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
      }
      int extra = random.nextInt(8);
      for (int k = 0; k < extra; k++) {
        key.insert(
            random.nextInt(key.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String simplified = SecretMasker.simplify(key.toString());
      boolean expected = words.stream().anyMatch(simplified::contains);
      assertThat(byWords.isSecretKey(key.toString())).as("%s", key).isEqualTo(expected);
      secret += expected ? 1 : 0;
    }
    assertThat(secret).isBetween(3_000, 50_000);
  }
}
