package dev.registrystreams.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.core.diff.ChangeOp;
import dev.registrystreams.core.diff.PathChange;
import dev.registrystreams.core.yaml.YamlCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResolverTest {

  private static final long T1 = 1_795_916_146_123L; // 2026-11-29T01:35:46.123Z
  private static final long T2 = T1 + 60_000;
  private static final long T3 = T2 + 60_000;

  private final RegistrySchema schema = RegistrySchema.defaults();
  private final Resolver resolver = new Resolver(schema);

  private static GenerationInput input(String title, Map<String, Object> context, long ts) {
    return new GenerationInput("req-" + ts, title, "GOV", "RULES", context, null, null, ts);
  }

  private Resolution resolve(GenerationInput in, Entry prior) {
    DedupKey key = DedupKey.of(in.scope(), in.type(), in.title());
    return resolver.resolve(in, key.hex(), EntryId.derive(in.scope(), in.type(), key), prior);
  }

  private static Map<String, Object> context(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  @Test
  void firstRequestCreatesRevisionOne() {
    Map<String, Object> ctx =
        context("env", "prod", "owners", List.of(context("name", "ops", "api_key", "k-123")));
    Resolution r = resolve(input("Access control policy", ctx, T1), null);

    assertThat(r.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(r.previous()).isNull();
    Entry e = r.entry();
    assertThat(e.id()).isEqualTo("GOV-RULES-051N9KYNTF");
    assertThat(e.dedupKey()).isEqualTo("014354cfd5d3d41c748125b64a6602c1");
    assertThat(e.revision()).isEqualTo(1);
    assertThat(e.header()).isEqualTo("[GOV][RULES][PROD][GOV-RULES-051N9KYNTF][v2.9][REQUIRED]");
    assertThat(e.grepable()).isEqualTo("[gov-rules-prod-gov-rules-051n9kyntf-v2.9-required]");
    assertThat(e.scope()).isEqualTo("GOV");
    assertThat(e.type()).isEqualTo("RULES");
    assertThat(e.variant()).isEqualTo("PROD");
    assertThat(e.version()).isEqualTo("v2.9");
    assertThat(e.status()).isEqualTo("REQUIRED");
    assertThat(e.title()).isEqualTo("Access control policy");
    assertThat(e.createdAt()).isEqualTo(T1);
    assertThat(e.updatedAt()).isEqualTo(T1);
    assertThat(e.config())
        .isEqualTo(
            """
            header: '[GOV][RULES][PROD][GOV-RULES-051N9KYNTF][v2.9][REQUIRED]'
            title: Access control policy
            scope: GOV
            type: RULES
            version: v2.9
            status: REQUIRED
            createdAt: '2026-11-29T01:35:46.123Z'
            context:
              env: prod
              owners:
              - api_key: '******'
                name: ops
            metadata:
              id: GOV-RULES-051N9KYNTF
              variant: PROD
              dedupKey: 014354cfd5d3d41c748125b64a6602c1
              revision: 1
              updatedAt: '2026-11-29T01:35:46.123Z'
              contentHash: %s
            """
                .formatted(e.contentHash()));
    assertThat(e.contentHash())
        .matches("[0-9a-f]{64}")
        .isEqualTo(ContentHash.of(EntryDocument.contentOf(YamlCodec.load(e.config()))));
    assertThat(r.changes().stream().map(PathChange::path))
        .containsExactly(
            "context.env",
            "context.owners[0].api_key",
            "context.owners[0].name",
            "header",
            "metadata.dedupKey",
            "metadata.id",
            "metadata.variant",
            "scope",
            "status",
            "title",
            "type",
            "version");
    assertThat(r.changes()).allMatch(c -> c.op() == ChangeOp.ADD && c.oldValue() == null);
  }

  @Test
  void sameContentIsUnchangedAndReturnsThePriorEntryItself() {
    Entry prior = resolve(input("Policy", context("a", 1L), T1), null).entry();
    Resolution r = resolve(input("Policy", context("a", 1L), T2), prior);
    assertThat(r.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(r.entry()).isSameAs(prior);
    assertThat(r.previous()).isNull();
    assertThat(r.changes()).isEmpty();
  }

  @Test
  void changedContextIsAnUpdateWithRevisionTimesAndDiff() {
    Entry first = resolve(input("Policy", context("a", 1L, "b", "x"), T1), null).entry();
    Resolution second = resolve(input("Policy", context("a", 2L, "c", true), T2), first);

    assertThat(second.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(second.previous()).isSameAs(first);
    assertThat(second.entry().revision()).isEqualTo(2);
    assertThat(second.entry().createdAt()).isEqualTo(T1);
    assertThat(second.entry().updatedAt()).isEqualTo(T2);
    assertThat(second.entry().id()).isEqualTo(first.id());
    assertThat(second.entry().contentHash()).isNotEqualTo(first.contentHash());
    assertThat(second.entry().config())
        .contains("createdAt: '2026-11-29T01:35:46.123Z'")
        .contains("updatedAt: '2026-11-29T01:36:46.123Z'")
        .contains("revision: 2");
    assertThat(second.changes())
        .containsExactly(
            new PathChange("context.a", ChangeOp.UPDATE, "1", "2"),
            new PathChange("context.b", ChangeOp.DELETE, "\"x\"", null),
            new PathChange("context.c", ChangeOp.ADD, null, "true"));

    Resolution third = resolve(input("Policy", context("a", 3L, "c", true), T3), second.entry());
    assertThat(third.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(third.entry().revision()).isEqualTo(3);
    assertThat(third.entry().createdAt()).isEqualTo(T1);
    assertThat(third.changes())
        .containsExactly(new PathChange("context.a", ChangeOp.UPDATE, "2", "3"));
  }

  @Test
  void aRespelledTitleWithTheSameKeyIsAnUpdateOfTheTitle() {
    Entry first = resolve(input("Access control", Map.of(), T1), null).entry();
    Resolution r = resolve(input("  Access \t control ", Map.of(), T2), first);
    assertThat(r.entry().dedupKey()).isEqualTo(first.dedupKey());
    assertThat(r.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(r.entry().title()).isEqualTo("  Access \t control ");
    assertThat(r.changes())
        .containsExactly(
            new PathChange(
                "title", ChangeOp.UPDATE, "\"Access control\"", "\"  Access \\t control \""));
  }

  @Test
  void versionAndStatusDefaultFromTheSchemaAndChangeTheHeader() {
    GenerationInput explicit =
        new GenerationInput("r", "Policy", "GOV", "RULES", Map.of(), "v3.1", "OPTIONAL", T1);
    Entry e = resolve(explicit, null).entry();
    assertThat(e.version()).isEqualTo("v3.1");
    assertThat(e.status()).isEqualTo("OPTIONAL");
    assertThat(e.header()).endsWith("[v3.1][OPTIONAL]");
    assertThat(e.variant()).isEqualTo("BASE");

    Resolution back = resolve(input("Policy", Map.of(), T2), e);
    assertThat(back.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(back.entry().header())
        .endsWith("[BASE][GOV-RULES-" + e.id().substring(10) + "][v2.9][REQUIRED]");
  }

  @Test
  void resolvingTheSameInputTwiceGivesEqualResultsAndIdenticalBytes() {
    Map<String, Object> ctx = context("env", "dev", "n", 1.5, "list", List.of("a", 2L));
    Resolution a = resolve(input("Policy", ctx, T1), null);
    Resolution b = resolve(input("Policy", ctx, T1), null);
    assertThat(a).isEqualTo(b);
    assertThat(a.entry().config()).isEqualTo(b.entry().config());

    Resolution ua = resolve(input("Policy", context("env", "prod"), T2), a.entry());
    Resolution ub = resolve(input("Policy", context("env", "prod"), T2), b.entry());
    assertThat(ua).isEqualTo(ub);
  }

  @Test
  void contextMapOrderDoesNotMatter() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      keys.add("key" + i);
    }
    Map<String, Object> forward = new LinkedHashMap<>();
    keys.forEach(k -> forward.put(k, k.length()));
    List<String> reversed = new ArrayList<>(keys);
    Collections.reverse(reversed);
    Map<String, Object> backward = new LinkedHashMap<>();
    reversed.forEach(k -> backward.put(k, (long) k.length()));
    Map<String, Object> hashed = new HashMap<>(forward);
    Map<String, Object> sorted = new TreeMap<>(forward);

    Entry one = resolve(input("Policy", forward, T1), null).entry();
    for (Map<String, Object> other : List.of(backward, hashed, sorted)) {
      Entry e = resolve(input("Policy", other, T1), null).entry();
      assertThat(e.config()).isEqualTo(one.config());
      assertThat(e.contentHash()).isEqualTo(one.contentHash());
      assertThat(resolve(input("Policy", other, T2), one).outcome()).isEqualTo(Outcome.UNCHANGED);
    }
  }

  @Test
  void secretsAreMaskedInTheConfigAndTheDiffAndOnlySecretChangesAreUnchanged() {
    Entry first =
        resolve(input("Policy", context("db_password", "hunter2", "user", "app"), T1), null)
            .entry();
    assertThat(first.config()).doesNotContain("hunter2").contains("db_password: '******'");

    Resolution onlySecret =
        resolve(input("Policy", context("db_password", "swordfish", "user", "app"), T2), first);
    assertThat(onlySecret.outcome()).isEqualTo(Outcome.UNCHANGED);

    Resolution nested =
        resolve(
            input(
                "Policy",
                context("db_password", "x", "user", "app", "creds", context("token", "tok-9")),
                T2),
            first);
    assertThat(nested.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(nested.changes())
        .containsExactly(new PathChange("context.creds.token", ChangeOp.ADD, null, "\"******\""));
    assertThat(nested.entry().config()).doesNotContain("tok-9");
  }

  @Test
  void inputContextIsNotModified() {
    Map<String, Object> ctx = context("password", "p", "z", 1L, "a", 2L);
    resolve(input("Policy", ctx, T1), null);
    assertThat(ctx)
        .containsExactly(Map.entry("password", "p"), Map.entry("z", 1L), Map.entry("a", 2L));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "line one\nline two",
        "ends with a newline\n",
        "\nstarts with a newline",
        "It's \"quoted\"",
        "closing ] bracket [GOV]",
        "# not a comment",
        "---",
        "...",
        "key: value",
        "&anchor",
        "*alias",
        "!!python/object:os.system",
        "   leading and trailing spaces   ",
        "emoji \uD83D\uDE00 and family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
        "{}",
        "[]",
        "tab\tseparated\tvalues",
        "\ttab first",
        "| literal",
        "> folded",
        "%YAML 1.2",
        "@at `tick`",
        "? question",
        "- dash",
        "yes",
        "0777",
        "2026-11-24",
        "null",
        "~",
        "back\\slash \\n not a newline",
        "trailing spaces before newline   \nnext"
      })
  void hostileTitlesSurviveTheConfigRoundTrip(String title) {
    GenerationInput in = input(title, context("env", "prod", "n", 1L), T1);
    assertThat(new RequestValidator(schema).validate(in)).isEmpty();
    Entry e = resolve(in, null).entry();

    Map<String, Object> config = YamlCodec.load(e.config());
    assertThat(config.get("title")).isEqualTo(title);
    assertThat(config.get("header")).isEqualTo(e.header());
    assertThat(config.get("scope")).isEqualTo("GOV");
    assertThat(config.get("type")).isEqualTo("RULES");
    assertThat(config.get("version")).isEqualTo("v2.9");
    assertThat(config.get("status")).isEqualTo("REQUIRED");
    assertThat(config.get("createdAt")).isEqualTo("2026-11-29T01:35:46.123Z");
    assertThat(config.get("context")).isEqualTo(Map.of("env", "prod", "n", 1L));
    assertThat(config.get("metadata"))
        .isEqualTo(
            context(
                "id",
                e.id(),
                "variant",
                "PROD",
                "dedupKey",
                e.dedupKey(),
                "revision",
                1L,
                "updatedAt",
                "2026-11-29T01:35:46.123Z",
                "contentHash",
                e.contentHash()));
    assertThat(config.keySet()).containsExactlyElementsOf(FullConfig.KEYS);
    // The stored config re-hashes to its own hash, and re-resolving finds no change.
    assertThat(ContentHash.of(EntryDocument.contentOf(config))).isEqualTo(e.contentHash());
    assertThat(resolve(in, e).outcome()).isEqualTo(Outcome.UNCHANGED);
  }
}
