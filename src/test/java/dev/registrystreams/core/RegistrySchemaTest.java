package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrySchemaTest {

  @Test
  void defaultsCarryTheContractOfTheOldService() {
    RegistrySchema schema = RegistrySchema.defaults();
    HeaderSchema h = schema.header();
    assertThat(h.scopes())
        .containsExactly("GOV", "SEC", "OPS", "TECH", "FIN", "LEG", "AUD", "COMP", "DASHBOARD");
    assertThat(h.types())
        .containsExactly(
            "RULES",
            "SUMMARY",
            "PROCEDURE",
            "TEMPLATE",
            "POLICY",
            "STANDARD",
            "GUIDANCE",
            "REQUIREMENT",
            "CONFIG");
    assertThat(h.variants()).containsExactly(Map.entry("prod", "PROD"), Map.entry("dev", "DEV"));
    assertThat(h.defaultVariant()).isEqualTo("BASE");
    assertThat(h.defaultVersion()).isEqualTo("v2.9");
    assertThat(h.versionPattern().pattern()).isEqualTo("v\\d{1,3}(\\.\\d{1,3}){0,2}");
    assertThat(h.statuses()).containsExactly("REQUIRED", "RECOMMENDED", "OPTIONAL", "DEPRECATED");
    assertThat(h.defaultStatus()).isEqualTo("REQUIRED");
    assertThat(schema.limits()).isEqualTo(new RequestLimits(512, 8, 65536, 128));
    assertThat(schema.secretKeys())
        .containsExactly(
            "password",
            "passwd",
            "pwd",
            "passphrase",
            "secret",
            "token",
            "apikey",
            "accesskey",
            "privatekey",
            "credential",
            "authorization",
            "sessionid");
    assertThat(schema.maskUrlCredentials()).isTrue();
  }

  @Test
  void variantComesFromContextEnv() {
    HeaderSchema h = RegistrySchema.defaults().header();
    assertThat(h.variantFor(Map.of("env", "prod"))).isEqualTo("PROD");
    assertThat(h.variantFor(Map.of("env", "dev"))).isEqualTo("DEV");
    assertThat(h.variantFor(Map.of("env", "PROD"))).isEqualTo("BASE");
    assertThat(h.variantFor(Map.of("env", "staging"))).isEqualTo("BASE");
    assertThat(h.variantFor(Map.of("env", 1L))).isEqualTo("BASE");
    assertThat(h.variantFor(Map.of())).isEqualTo("BASE");
    assertThat(h.variantFor(null)).isEqualTo("BASE");
  }

  @Test
  void partialFileKeepsBundledValuesForKeysItLeavesOut() {
    RegistrySchema schema =
        RegistrySchema.parse(
            "header:\n  scopes: [ONE, TWO]\nlimits:\n  maxTitleLength: 80\n", "custom.yaml");
    assertThat(schema.header().scopes()).containsExactly("ONE", "TWO");
    assertThat(schema.header().types()).isEqualTo(RegistrySchema.defaults().header().types());
    assertThat(schema.limits()).isEqualTo(new RequestLimits(80, 8, 65536, 128));
    assertThat(schema.secretKeys()).isEqualTo(RegistrySchema.defaults().secretKeys());
  }

  @Test
  void bundledFileParsedAsAUserFileGivesTheDefaults() throws Exception {
    String text;
    try (var in = RegistrySchema.class.getResourceAsStream("/registry.yaml")) {
      text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(RegistrySchema.parse(text, "copy.yaml")).isEqualTo(RegistrySchema.defaults());
  }

  @Test
  void unknownKeyIsAnError() {
    assertError("header:\n  scope: [GOV]\n")
        .hasMessage(
            "bad.yaml: unknown key 'header.scope' (allowed: scopes, types, variants,"
                + " defaultVariant, defaultVersion, versionPattern, statuses, defaultStatus)");
    assertError("headers: {}\n")
        .hasMessage("bad.yaml: unknown key 'headers' (allowed: header, limits, secrets)");
  }

  @Test
  void wrongTypesAreErrors() {
    assertError("header:\n  scopes: GOV\n")
        .hasMessage("bad.yaml: header.scopes must be a list of names, got 'GOV'");
    assertError("limits:\n  maxTitleLength: many\n")
        .hasMessage(
            "bad.yaml: limits.maxTitleLength must be a whole number from 1 to 2147483647,"
                + " got 'many'");
    assertError("limits:\n  maxContextDepth: 0\n")
        .hasMessage(
            "bad.yaml: limits.maxContextDepth must be a whole number from 1 to 2147483647, got 0");
    assertError("limits:\n  maxContextBytes: 1.5\n")
        .hasMessage(
            "bad.yaml: limits.maxContextBytes must be a whole number from 1 to 2147483647,"
                + " got 1.5");
    assertError("header: [GOV]\n").hasMessage("bad.yaml: header must be a map, got a list");
    assertError("header:\n  scopes:\n")
        .hasMessage("bad.yaml: header.scopes must be a list of names, got nothing (null)");
  }

  @Test
  void emptyScopeListIsAnError() {
    assertError("header:\n  scopes: []\n").hasMessage("bad.yaml: header.scopes must not be empty");
  }

  @Test
  void namesMustBeHeaderSafeTokens() {
    assertError("header:\n  types: [RULES, 'Bad]']\n")
        .hasMessage(
            "bad.yaml: header.types value 'Bad]' is not a valid name"
                + " (expected [A-Z][A-Z0-9]{0,15}, e.g. GOV)");
    assertError("header:\n  statuses: [REQUIRED, required]\n")
        .hasMessageContaining("header.statuses value 'required' is not a valid name");
    assertError("header:\n  variants: {prod: 'PR OD'}\n")
        .hasMessageContaining("header.variants.prod value 'PR OD' is not a valid name");
    assertError("header:\n  scopes: [GOV, GOV]\n")
        .hasMessage("bad.yaml: header.scopes lists GOV twice");
  }

  @Test
  void badRegexIsAnError() {
    assertError("header:\n  versionPattern: 'v(\\d+'\n")
        .hasMessageStartingWith(
            "bad.yaml: header.versionPattern is not a valid regular expression:")
        .hasMessageNotContaining("\n");
  }

  @Test
  void defaultsMustBeConsistent() {
    assertError("header:\n  defaultVersion: '2.9'\n")
        .hasMessage(
            "bad.yaml: header.defaultVersion '2.9' does not match header.versionPattern"
                + " v\\d{1,3}(\\.\\d{1,3}){0,2}");
    assertError("header:\n  defaultStatus: OPTIONAL\n  statuses: [REQUIRED]\n")
        .hasMessage(
            "bad.yaml: header.defaultStatus OPTIONAL is not one of header.statuses (REQUIRED)");
  }

  @Test
  void emptySecretWordIsAnError() {
    assertError("secrets:\n  keys: [password, '_']\n")
        .hasMessage("bad.yaml: secrets.keys entry '_' must be a word with letters or digits");
  }

  @Test
  void brokenYamlIsAOneLineError() {
    assertError("header:\n  scopes: [GOV\n")
        .hasMessageStartingWith("bad.yaml: invalid YAML: ")
        .hasMessageContaining("line ")
        .hasMessageNotContaining("\n");
    assertError("header: !!python/object:os.system {}\n")
        .hasMessageStartingWith("bad.yaml: invalid YAML: ")
        .hasMessageNotContaining("\n");
    assertError("")
        .hasMessage(
            "bad.yaml: invalid YAML: the document must be a map of keys to values, not empty");
  }

  @Test
  void secretMaskerUsesTheConfiguredWords() {
    RegistrySchema schema = RegistrySchema.parse("secrets:\n  keys: [pin]\n", "x.yaml");
    assertThat(schema.secretMasker().isSecretKey("card_PIN")).isTrue();
    assertThat(schema.secretMasker().isSecretKey("password")).isFalse();
    assertThat(schema.secretKeys()).isEqualTo(List.of("pin"));
  }

  @Test
  void urlCredentialMaskingIsASwitchOfItsOwn() {
    RegistrySchema off = RegistrySchema.parse("secrets:\n  maskUrlCredentials: false\n", "x.yaml");
    assertThat(off.maskUrlCredentials()).isFalse();
    assertThat(off.secretKeys()).isEqualTo(RegistrySchema.defaults().secretKeys());
    assertThat(off.secretMasker().mask(Map.of("url", "https://u:p@h", "pwd", "x")))
        .isEqualTo(Map.of("url", "https://u:p@h", "pwd", "******"));
    RegistrySchema keysOnly = RegistrySchema.parse("secrets:\n  keys: [pin]\n", "x.yaml");
    assertThat(keysOnly.maskUrlCredentials()).isTrue();
    assertThat(keysOnly.secretMasker().maskText("https://u:p@h")).isEqualTo("https://u:******@h");
  }

  @Test
  void urlCredentialMaskingMustBeABoolean() {
    assertError("secrets:\n  maskUrlCredentials: yes\n")
        .hasMessage("bad.yaml: secrets.maskUrlCredentials must be true or false, got 'yes'");
    assertError("secrets:\n  maskUrlCredentials: 'true'\n")
        .hasMessage("bad.yaml: secrets.maskUrlCredentials must be true or false, got 'true'");
    assertError("secrets:\n  maskUrlCredentials:\n")
        .hasMessage(
            "bad.yaml: secrets.maskUrlCredentials must be true or false, got nothing (null)");
    assertError("secrets:\n  maskUrls: false\n")
        .hasMessage("bad.yaml: unknown key 'secrets.maskUrls' (allowed: keys, maskUrlCredentials)");
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertError(
      String yaml) {
    return assertThatThrownBy(() -> RegistrySchema.parse(yaml, "bad.yaml"))
        .isInstanceOf(RegistrySchemaException.class);
  }
}
