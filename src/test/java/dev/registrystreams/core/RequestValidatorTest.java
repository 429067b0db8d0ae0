package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {

  private final RequestValidator validator = new RequestValidator(RegistrySchema.defaults());

  private static GenerationInput input(String title) {
    return new GenerationInput("req-1", title, "GOV", "RULES", Map.of(), null, null, 0L);
  }

  private Optional<Rejection> validateTitle(String title) {
    return validator.validate(input(title));
  }

  private static Rejection rejection(RejectionReason reason, String message) {
    return new Rejection(reason, message);
  }

  @Test
  void acceptsAPlainRequest() {
    GenerationInput in =
        new GenerationInput(
            "req-1",
            "Access control policy",
            "SEC",
            "POLICY",
            Map.of("env", "prod", "owners", List.of(Map.of("name", "ops"))),
            "v3.0.1",
            "OPTIONAL",
            1L);
    assertThat(validator.validate(in)).isEmpty();
  }

  @Test
  void titleOf512CodePointsPassesAnd513IsRejected() {
    assertThat(validateTitle("a".repeat(512))).isEmpty();
    assertThat(validateTitle("a".repeat(513)))
        .contains(
            rejection(
                RejectionReason.TITLE_TOO_LONG,
                "title is 513 characters after trimming; the limit is 512"));
  }

  @Test
  void titleLengthIsCountedInCodePointsNotUtf16Units() {
    String emoji = "\uD83D\uDE00"; // one code point, two chars
    assertThat(emoji.repeat(512).length()).isEqualTo(1024);
    assertThat(validateTitle(emoji.repeat(512))).isEmpty();
    assertThat(validateTitle(emoji.repeat(513)))
        .contains(
            rejection(
                RejectionReason.TITLE_TOO_LONG,
                "title is 513 characters after trimming; the limit is 512"));
  }

  @Test
  void titleLengthIsMeasuredAfterTrimming() {
    assertThat(validateTitle("  \n" + "a".repeat(512) + " \t ")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n\t ", "\u2003"})
  void blankTitleIsEmpty(String title) {
    assertThat(validateTitle(title))
        .contains(
            rejection(
                RejectionReason.TITLE_EMPTY,
                "title is empty or only whitespace; it needs 1 character"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\u00A0\u00A0",
        "\u200B",
        "\u200B\u200C\u200D",
        "\u2060\uFEFF",
        "\u3000\u00A0\u200B",
        "\u3164",
        "\uFE0F"
      })
  void aTitleWithNoVisibleCharacterIsEmpty(String title) {
    assertThat(validateTitle(title))
        .contains(
            rejection(
                RejectionReason.TITLE_EMPTY,
                "title has no visible character (only spaces, zero-width or other invisible"
                    + " characters); it needs 1"));
  }

  @Test
  void aTitleWithOneVisibleCharacterAmongInvisibleOnesIsValid() {
    assertThat(validateTitle("\u200Bx\u00A0")).isEmpty();
  }

  @Test
  void nullTitleIsEmpty() {
    assertThat(validateTitle(null).map(Rejection::reason)).contains(RejectionReason.TITLE_EMPTY);
  }

  @Test
  void controlCharacterIsNamedWithItsPosition() {
    assertThat(validateTitle("Ring\u0007bell"))
        .contains(
            rejection(
                RejectionReason.TITLE_INVALID_CHARACTER,
                "title contains U+0007 (control character) at position 5;"
                    + " allowed are printable characters, space, tab and line feed"));
  }

  @Test
  void positionCountsCodePoints() {
    assertThat(validateTitle("\uD83D\uDE00\uD83D\uDE00x\r").map(Rejection::message).orElseThrow())
        .startsWith("title contains U+000D (control character) at position 4;");
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        0x00, 0x0D, 0x0B, 0x0C, 0x1B, 0x7F, 0x80, 0x85, 0x9F, 0x2028, 0x2029, 0x202A, 0x202B,
        0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0xFDD0, 0xFFFE, 0xFFFF, 0x1FFFF,
        0x10FFFE
      })
  void refusedCodePoints(int cp) {
    Optional<Rejection> r = validateTitle("ok " + new String(Character.toChars(cp)) + " ok");
    assertThat(r.map(Rejection::reason)).contains(RejectionReason.TITLE_INVALID_CHARACTER);
    assertThat(r.orElseThrow().message())
        .contains(String.format("U+%04X", cp))
        .contains("at position 4");
  }

  @Test
  void loneSurrogatesAreRefused() {
    assertThat(validateTitle("a\uD83Db").map(Rejection::message))
        .contains(
            "title contains U+D83D (unpaired surrogate) at position 2;"
                + " allowed are printable characters, space, tab and line feed");
    assertThat(validateTitle("a\uDE00").map(Rejection::message).orElseThrow())
        .startsWith("title contains U+DE00 (unpaired surrogate) at position 2");
  }

  @Test
  void emojiNewerThanTheJdkAreAccepted() {
    // U+1FAE0 (melting face) is Unicode 14, unknown to JDK 17's tables: still a valid title.
    assertThat(validateTitle("melting \uD83E\uDEE0 face")).isEmpty();
  }

  @Test
  void bidiOverrideIsNamed() {
    assertThat(validateTitle("admin\u202Eexe.txt").map(Rejection::message).orElseThrow())
        .startsWith("title contains U+202E (bidirectional control character) at position 6");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 plan", // ZWJ sequence
        "Heart \u2764\uFE0F", // variation selector 16
        "Tabs\tand\nnewlines",
        "Ünïcödé ÄÖÜ 日本語 العربية",
        "quotes \"'` ]]] [[ #! --- : &a *b !!python/object",
        "non-breaking\u00A0space"
      })
  void printableTitlesPass(String title) {
    assertThat(validateTitle(title)).isEmpty();
  }

  @Test
  void requestIdMustBePresentAndShort() {
    assertThat(validator.validate(withRequestId(null)))
        .contains(rejection(RejectionReason.MISSING_REQUEST_ID, "requestId is missing or blank"));
    assertThat(validator.validate(withRequestId("  ")).map(Rejection::reason))
        .contains(RejectionReason.MISSING_REQUEST_ID);
    assertThat(validator.validate(withRequestId("r".repeat(128)))).isEmpty();
    assertThat(validator.validate(withRequestId("r".repeat(129))))
        .contains(
            rejection(
                RejectionReason.REQUEST_ID_TOO_LONG,
                "requestId is 129 characters; the limit is 128"));
  }

  private static GenerationInput withRequestId(String id) {
    return new GenerationInput(id, "t", "GOV", "RULES", Map.of(), null, null, 0L);
  }

  @Test
  void scopeAndTypeAreCaseSensitiveMembersAndMessagesListTheAllowedValues() {
    assertThat(validator.validate(scopeType("gov", "RULES")))
        .contains(
            rejection(
                RejectionReason.UNKNOWN_SCOPE,
                "scope 'gov' is not one of GOV, SEC, OPS, TECH, FIN, LEG, AUD, COMP, DASHBOARD"
                    + " (case-sensitive)"));
    assertThat(validator.validate(scopeType("GOV", "Rules")))
        .contains(
            rejection(
                RejectionReason.UNKNOWN_TYPE,
                "type 'Rules' is not one of RULES, SUMMARY, PROCEDURE, TEMPLATE, POLICY,"
                    + " STANDARD, GUIDANCE, REQUIREMENT, CONFIG (case-sensitive)"));
    assertThat(validator.validate(scopeType(null, "RULES")).map(Rejection::message).orElseThrow())
        .startsWith("scope null is not one of");
  }

  @Test
  void echoedUserTextIsEscapedAndCut() {
    String hostile = "\u001B[31mRED\u0007" + "x".repeat(100);
    String message =
        validator.validate(scopeType(hostile, "RULES")).map(Rejection::message).orElseThrow();
    assertThat(message)
        .startsWith("scope '\\u001B[31mRED\\u0007" + "x".repeat(31) + "'... (109 characters)")
        .doesNotContain("\u001B")
        .doesNotContain("\u0007");
  }

  private static GenerationInput scopeType(String scope, String type) {
    return new GenerationInput("r", "t", scope, type, Map.of(), null, null, 0L);
  }

  @Test
  void versionMustMatchThePattern() {
    assertThat(validator.validate(versionStatus("v2", null))).isEmpty();
    assertThat(validator.validate(versionStatus("v10.20.30", null))).isEmpty();
    assertThat(validator.validate(versionStatus("2.9", null)))
        .contains(
            rejection(
                RejectionReason.INVALID_VERSION,
                "version '2.9' does not match v\\d{1,3}(\\.\\d{1,3}){0,2} (e.g. v2.9)"));
    assertThat(validator.validate(versionStatus("v1.2.3.4", null)).map(Rejection::reason))
        .contains(RejectionReason.INVALID_VERSION);
  }

  @Test
  void versionThatAPatternAllowsButWouldBreakTheHeaderIsRejected() {
    RegistrySchema loose = RegistrySchema.parse("header:\n  versionPattern: '.*'\n", "loose.yaml");
    RequestValidator looseValidator = new RequestValidator(loose);
    assertThat(looseValidator.validate(versionStatus("anything-goes", null))).isEmpty();
    assertThat(looseValidator.validate(versionStatus("v1][X", null)).map(Rejection::reason))
        .contains(RejectionReason.INVALID_VERSION);
    assertThat(looseValidator.validate(versionStatus("v 1", null)).map(Rejection::reason))
        .contains(RejectionReason.INVALID_VERSION);
  }

  @Test
  void statusMustBeAConfiguredStatus() {
    assertThat(validator.validate(versionStatus(null, "DEPRECATED"))).isEmpty();
    assertThat(validator.validate(versionStatus(null, "required")))
        .contains(
            rejection(
                RejectionReason.UNKNOWN_STATUS,
                "status 'required' is not one of REQUIRED, RECOMMENDED, OPTIONAL, DEPRECATED"
                    + " (case-sensitive)"));
  }

  private static GenerationInput versionStatus(String version, String status) {
    return new GenerationInput("r", "t", "GOV", "RULES", Map.of(), version, status, 0L);
  }

  @Test
  void contextDepthLimitIsInclusive() {
    assertThat(validator.validate(withContext(nestedMaps(8)))).isEmpty();
    assertThat(validator.validate(withContext(nestedMaps(9))))
        .contains(
            rejection(
                RejectionReason.CONTEXT_TOO_DEEP,
                "context nests maps and lists more than 8 levels deep (a flat map is 1 level);"
                    + " the limit is 8"));
  }

  @Test
  void listsCountAsLevels() {
    Map<String, Object> context = Map.of("a", List.of(List.of(Map.of("b", 1L))));
    // context 1, list 2, list 3, map 4
    RequestValidator depth3 =
        new RequestValidator(RegistrySchema.parse("limits:\n  maxContextDepth: 3\n", "depth.yaml"));
    RequestValidator depth4 =
        new RequestValidator(RegistrySchema.parse("limits:\n  maxContextDepth: 4\n", "depth.yaml"));
    assertThat(depth3.validate(withContext(context)).map(Rejection::reason))
        .contains(RejectionReason.CONTEXT_TOO_DEEP);
    assertThat(depth4.validate(withContext(context))).isEmpty();
  }

  @Test
  void hostileDeepContextDoesNotOverflowTheStack() {
    assertThat(validator.validate(withContext(nestedMaps(200_000))).map(Rejection::reason))
        .contains(RejectionReason.CONTEXT_TOO_DEEP);
    Map<String, Object> cyclic = new HashMap<>();
    cyclic.put("self", cyclic);
    assertThat(validator.validate(withContext(cyclic)).map(Rejection::reason))
        .contains(RejectionReason.CONTEXT_TOO_DEEP);
  }

  @Test
  void contextSizeCountsKeysStringsAndEightPerOtherScalar() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("k", "é"); // 1 + 2
    context.put("n", 1L); // 1 + 8
    context.put("list", new ArrayList<>(java.util.Arrays.asList(true, null, 2.5, "😀"))); // 4+24+4
    assertThat(new ContextMeasure(8).measure(context).bytes()).isEqualTo(3 + 9 + 4 + 24 + 4);
  }

  @Test
  void contextSizeLimitIsInclusive() {
    // key "k" is 1 byte; a 65535-byte string makes exactly 65536.
    assertThat(validator.validate(withContext(Map.of("k", "x".repeat(65535))))).isEmpty();
    assertThat(validator.validate(withContext(Map.of("k", "x".repeat(65536)))))
        .contains(
            rejection(
                RejectionReason.CONTEXT_TOO_LARGE, "context is 65537 bytes; the limit is 65536"));
  }

  @Test
  void secretValuesAreNeverEchoed() {
    Map<String, Object> context = Map.of("password", "hunter2" + "x".repeat(70000));
    String message = validator.validate(withContext(context)).map(Rejection::message).orElseThrow();
    assertThat(message).isEqualTo("context is 70015 bytes; the limit is 65536");
  }

  @Test
  void checksRunInAFixedOrder() {
    GenerationInput everythingWrong =
        new GenerationInput("", "", "x", "y", nestedMaps(20), "bad", "bad", 0L);
    assertThat(validator.validate(everythingWrong).map(Rejection::reason))
        .contains(RejectionReason.MISSING_REQUEST_ID);
  }

  private static GenerationInput withContext(Map<String, Object> context) {
    return new GenerationInput("r", "t", "GOV", "RULES", context, null, null, 0L);
  }

  /** A map nested {@code depth} levels: depth 1 is a flat map. */
  private static Map<String, Object> nestedMaps(int depth) {
    Map<String, Object> map = new HashMap<>();
    map.put("leaf", 1L);
    for (int i = 1; i < depth; i++) {
      Map<String, Object> outer = new HashMap<>();
      outer.put("n", map);
      map = outer;
    }
    return map;
  }
}
