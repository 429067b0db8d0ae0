package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.GenerationInput;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.Resolution;
import dev.registrystreams.core.Resolver;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CacheHits answers only what the topology would answer UNCHANGED, under the same settings. */
class CacheHitsTest {

  // Loading AvroSerde trusts the generated classes for Avro's deep copies (newBuilder(other)).
  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final long T = 1_764_000_000_000L;
  private final RegistrySchema schema = RegistrySchema.defaults();
  private final CacheHits hits = new CacheHits(schema);

  private static GenerationRequest request(String requestId, String env) {
    return GenerationRequest.newBuilder()
        .setRequestId(requestId)
        .setTitle("Cache hits unit")
        .setScope("GOV")
        .setType("RULES")
        .setContext(ContextValues.toAvro(Map.of("env", env, "api_token", "t0k")))
        .build();
  }

  /** The entry the topology stores for {@code request}, as CREATED. */
  private RegistryEntry stored(GenerationRequest request) {
    String key = CacheHits.dedupKey(request);
    GenerationInput in = Requests.toInput(request, T, 8);
    Resolution created =
        new Resolver(schema)
            .resolve(
                in,
                key,
                dev.registrystreams.core.EntryId.derive(
                    request.getScope(),
                    request.getType(),
                    dev.registrystreams.core.DedupKey.of(
                        request.getScope(), request.getType(), request.getTitle())),
                null);
    return EntryRecords.toRecord(created.entry(), request.getRequestId(), Outcome.CREATED);
  }

  @Test
  void aRepeatIsTheStoredEntryUnderTheNewRequestId() {
    RegistryEntry stored = stored(request("r-1", "prod"));
    RegistryEntry answer =
        hits.unchangedAnswer(request("r-2", "prod"), T + 5, stored).orElseThrow();
    RegistryEntry expected = RegistryEntry.newBuilder(stored).build();
    expected.setRequestId("r-2");
    expected.setOutcome(Outcome.UNCHANGED);
    assertThat(answer).isEqualTo(expected);
  }

  @Test
  void otherContentOrARequestTheTopologyRejectsIsNoHit() {
    RegistryEntry stored = stored(request("r-1", "prod"));
    assertThat(hits.unchangedAnswer(request("r-2", "dev"), T, stored)).isEmpty();
    assertThat(hits.unchangedAnswer(request("x".repeat(129), "prod"), T, stored)).isEmpty();
    assertThat(hits.unchangedAnswer(request("", "prod"), T, stored)).isEmpty();
  }

  @Test
  void settingsNameTheConfigurationAndTheUnchangedMode() {
    RegistrySchema other =
        RegistrySchema.parse("secrets:\n  keys: [password, pin]\n", "other.yaml");
    RegistrySchema clearUrls =
        RegistrySchema.parse("secrets:\n  maskUrlCredentials: false\n", "clear-urls.yaml");
    assertThat(CacheHits.settings(schema, true))
        .isEqualTo(CacheHits.settings(RegistrySchema.defaults(), true))
        .startsWith("v2 schema=")
        .endsWith(" unchanged=emit")
        .isNotEqualTo(CacheHits.settings(schema, false))
        .isNotEqualTo(CacheHits.settings(other, true))
        .isNotEqualTo(CacheHits.settings(clearUrls, true));
  }
}
