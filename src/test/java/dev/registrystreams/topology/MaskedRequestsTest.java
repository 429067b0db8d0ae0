package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.SecretMasker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskedRequestsTest {

  private static final MaskedRequests MASKED =
      new MaskedRequests(RegistrySchema.defaults().secretMasker());

  @Test
  void aRequestWithASecretKeepsEveryOtherFieldAndLeavesTheOriginalAsItWas() {
    GenerationRequest request =
        RegistryTopologyDriver.request(
            "r-1", "Masked", Map.of("db_password", "hunter2", "tags", List.of("a", 1L)));
    request.setVersion("v3.0");
    request.setStatus("OPTIONAL");
    GenerationRequest original = GenerationRequest.newBuilder(request).build();

    GenerationRequest masked = MASKED.mask(request, null);

    assertThat(ContextValues.toJava(masked.getContext(), 10))
        .isEqualTo(Map.of("db_password", SecretMasker.MASK, "tags", List.of("a", 1L)));
    masked.setContext(original.getContext());
    assertThat(masked).isEqualTo(original);
    assertThat(request).isEqualTo(original);
  }

  @Test
  void aRequestWithoutASecretIsReturnedItself() {
    GenerationRequest request =
        RegistryTopologyDriver.request("r-2", "Plain", Map.of("owner", "team-a"));

    assertThat(MASKED.mask(request, null)).isSameAs(request);
  }
}
