package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.ContextValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonlRequestsTest {

  private static final AvroSerde<GenerationRequest> SERDE = AvroSerde.of(GenerationRequest.class);

  @Test
  void readsEveryFieldAndGeneratesMissingIds() {
    List<WorkloadRequest> requests =
        JsonlRequests.parse(
            """
            {"requestId":"r1","title":"A","scope":"GOV","type":"RULES","context":{"env":"prod","n":5,"x":1.5,"l":[true,null,{"k":"v"}]},"version":"v3.0","status":"DRAFT"}

            {"title":"B","scope":"SEC","type":"POLICY"}
            """,
            "f.jsonl",
            "run");
    assertThat(requests).extracting(WorkloadRequest::requestId).containsExactly("r1", "run-3");
    GenerationRequest first = SERDE.decode(requests.get(0).value());
    assertThat(first.getVersion()).isEqualTo("v3.0");
    assertThat(first.getStatus()).isEqualTo("DRAFT");
    assertThat(ContextValues.toJava(first.getContext(), 8))
        .isEqualTo(
            Map.of(
                "env",
                "prod",
                "n",
                5L,
                "x",
                1.5,
                "l",
                java.util.Arrays.asList(true, null, Map.of("k", "v"))));
    GenerationRequest second = SERDE.decode(requests.get(1).value());
    assertThat(second.getVersion()).isNull();
    assertThat(second.getContext()).isEmpty();
  }

  @Test
  void everyMistakeNamesItsLine() {
    String ok = "{\"title\":\"A\",\"scope\":\"GOV\",\"type\":\"RULES\"}\n";
    assertError(ok + "{\"title\":\"A\",\"scope\":\"GOV\"\n", "f, line 2: invalid JSON: ");
    assertError(ok + "[1]\n", "f, line 2: expected a JSON object");
    assertError(ok + "{\"title\":\"A\",\"scope\":\"GOV\"}\n", "f, line 2: \"type\" is required");
    assertError(
        ok + "{\"title\":\"A\",\"scope\":\"GOV\",\"type\":\"RULES\",\"ttl\":1}\n",
        "f, line 2: unknown field 'ttl'");
    assertError(
        ok + "{\"title\":5,\"scope\":\"GOV\",\"type\":\"RULES\"}\n",
        "f, line 2: \"title\" must be a string");
    assertError(
        ok + "{\"title\":\"A\",\"title\":\"B\",\"scope\":\"GOV\",\"type\":\"RULES\"}\n",
        "f, line 2: invalid JSON: Duplicate field 'title'");
    assertError(
        "{\"requestId\":\"x\",\"title\":\"A\",\"scope\":\"GOV\",\"type\":\"RULES\"}\n"
            + "{\"requestId\":\"x\",\"title\":\"B\",\"scope\":\"GOV\",\"type\":\"RULES\"}\n",
        "f, line 2: requestId 'x' is already used on line 1");
    assertError(
        ok
            + "{\"title\":\"A\",\"scope\":\"GOV\",\"type\":\"RULES\",\"context\":{\"n\":1e999999999999999999999}}\n",
        "f, line 2:");
    assertError(
        ok
            + "{\"title\":\"A\",\"scope\":\"GOV\",\"type\":\"RULES\",\"context\":{\"n\":99999999999999999999}}\n",
        "f, line 2: context.n: the integer 99999999999999999999 does not fit in 64 bits");
  }

  private static void assertError(String text, String messageStart) {
    assertThatThrownBy(() -> JsonlRequests.parse(text, "f", "run"))
        .isInstanceOf(UserException.class)
        .satisfies(e -> assertThat(((UserException) e).exitCode()).isEqualTo(2))
        .hasMessageStartingWith(messageStart)
        .hasMessageNotContaining("\n");
  }
}
