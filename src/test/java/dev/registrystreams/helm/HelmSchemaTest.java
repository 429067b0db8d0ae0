package dev.registrystreams.helm;

import static dev.registrystreams.helm.HelmChart.ci;
import static dev.registrystreams.helm.HelmChart.get;
import static dev.registrystreams.helm.HelmChart.one;
import static dev.registrystreams.helm.HelmChart.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schemas on both sides of the chart: values.schema.json refuses bad values at install time, and
 * every object rendered from the ci/ values files is valid against the Kubernetes API's schemas
 * (which themselves are shown to refuse an unknown field, a missing required one and a wrong type).
 */
class HelmSchemaTest {

  @TempDir Path temp;

  static Stream<Path> ciValues() {
    return HelmChart.ciValues().stream();
  }

  @ParameterizedTest
  @MethodSource("ciValues")
  void everyRenderedObjectIsValidKubernetes(Path values) {
    for (Map<String, Object> object : render(temp, values)) {
      assertThatCode(() -> KubernetesSchemas.validate(object))
          .as("%s %s", object.get("kind"), get(object, "metadata", "name"))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void everyKindTheChartRendersHasASchema() {
    List<String> kinds = new ArrayList<>();
    for (Path values : HelmChart.ciValues()) {
      for (Map<String, Object> object : render(temp, values)) {
        kinds.add(object.get("apiVersion") + "/" + object.get("kind"));
      }
    }
    assertThat(kinds).containsAll(KubernetesSchemas.kinds());
    assertThat(KubernetesSchemas.kinds()).containsAll(kinds);
  }

  // The checks themselves: each mistake a template could make is caught.

  @Test
  void anUnknownFieldFails() {
    Map<String, Object> sts = statefulSet();
    Map<String, Object> container = get(sts, "spec", "template", "spec", "containers", 0);
    container.put("imagePullPolcy", "Always");
    assertThatThrownBy(() -> KubernetesSchemas.validate(sts))
        .hasMessageContaining(
            "The field `imagePullPolcy` in the JSON string is not defined in the `V1Container`"
                + " properties");
  }

  @Test
  void aMissingRequiredFieldFails() {
    Map<String, Object> sts = statefulSet();
    Map<String, Object> container = get(sts, "spec", "template", "spec", "containers", 0);
    container.remove("name");
    assertThatThrownBy(() -> KubernetesSchemas.validate(sts))
        .hasMessageContaining("The required field `name` is not found in the JSON string");
  }

  @Test
  void aWrongTypeFails() {
    Map<String, Object> sts = statefulSet();
    Map<String, Object> port = get(sts, "spec", "template", "spec", "containers", 0, "ports", 0);
    port.put("containerPort", "8080");
    assertThatThrownBy(() -> KubernetesSchemas.validate(sts))
        .hasMessage(
            "apps/v1/StatefulSet: .spec.template.spec.containers[0].ports[0].containerPort must be"
                + " a number, not a string (\"8080\")");
    Map<String, Object> other = statefulSet();
    Map<String, Object> env = get(other, "spec", "template", "spec", "containers", 0, "env", 0);
    env.put("value", 5);
    env.remove("valueFrom");
    assertThatThrownBy(() -> KubernetesSchemas.validate(other))
        .hasMessage(
            "apps/v1/StatefulSet: .spec.template.spec.containers[0].env[0].value must be a"
                + " string, not a number (5)");
    Map<String, Object> third = statefulSet();
    HelmChart.map(third, "spec").put("replicas", "three");
    assertThatThrownBy(() -> KubernetesSchemas.validate(third))
        .hasMessageContaining("NumberFormatException: For input string: \"three\"");
  }

  @Test
  void customResourcesAreCheckedStrictlyToo() {
    List<Map<String, Object>> objects = render(temp, ci("all-on"));
    Map<String, Object> monitor = one(objects, "ServiceMonitor");
    Map<String, Object> endpoint = get(monitor, "spec", "endpoints", 0);
    endpoint.put("intervall", "30s");
    assertThatThrownBy(() -> KubernetesSchemas.validate(monitor))
        .hasMessageContaining("intervall")
        .hasMessageContaining(
            "is not defined in the schema and the schema does not allow additional properties");
    Map<String, Object> scaled = one(objects, "ScaledObject");
    Map<String, Object> metadata = get(scaled, "spec", "triggers", 0, "metadata");
    metadata.put("lagThreshold", 500);
    assertThatThrownBy(() -> KubernetesSchemas.validate(scaled))
        .hasMessageContaining(
            "$.spec.triggers[0].metadata.lagThreshold: integer found, string expected");
    Map<String, Object> scaledWithoutTarget = one(render(temp, ci("all-on")), "ScaledObject");
    HelmChart.map(scaledWithoutTarget, "spec").remove("scaleTargetRef");
    assertThatThrownBy(() -> KubernetesSchemas.validate(scaledWithoutTarget))
        .hasMessageContaining("$.spec: required property 'scaleTargetRef' not found");
  }

  private Map<String, Object> statefulSet() {
    return one(render(temp, ci("strimzi")), "StatefulSet");
  }

  // values.schema.json: wrong values fail at install time, with Helm's message.

  @Test
  void valuesOfTheWrongTypeAreRefused() {
    assertThatThrownBy(() -> render(temp, ci("default"), "replicaCount", "three"))
        .hasMessageContaining("at '/replicaCount': got string, want integer");
    assertThatThrownBy(() -> render(temp, ci("default"), "probes.startup.enabled", "yes"))
        .hasMessageContaining("at '/probes/startup/enabled': got string, want boolean");
    assertThatThrownBy(() -> render(temp, ci("default"), "persistence.size", "lots"))
        .hasMessageContaining("at '/persistence/size'");
  }

  @Test
  void unknownKeysAreRefused() {
    assertThatThrownBy(() -> render(temp, ci("default"), "replicas", "3"))
        .hasMessageContaining("additional properties 'replicas' not allowed");
    assertThatThrownBy(() -> render(temp, ci("default"), "kafka.bootstrapServer", "x:9092"))
        .hasMessageContaining("at '/kafka': additional properties 'bootstrapServer' not allowed");
  }

  @Test
  void valuesOutsideTheirChoicesAreRefused() {
    assertThatThrownBy(() -> render(temp, ci("default"), "store.type", "mongodb"))
        .hasMessageContaining("at '/store/type': value must be one of 'rocksdb', 'redis'");
    assertThatThrownBy(() -> render(temp, ci("default"), "applicationId", "my app"))
        .hasMessageContaining("at '/applicationId'");
    assertThatThrownBy(() -> render(temp, ci("default"), "topics.replicationFactor", "0"))
        .hasMessageContaining("at '/topics/replicationFactor'");
    assertThatThrownBy(() -> render(temp, ci("default"), "kafka.sasl.mechanism", "GSSAPI"))
        .hasMessageContaining("at '/kafka/sasl/mechanism': value must be one of");
  }

  @Test
  void kafkaConfigTakesAnyPropertyOfScalarValue() {
    assertThatCode(
            () ->
                render(
                    temp,
                    ci("default"),
                    "kafka.config.linger\\.ms",
                    "20",
                    "kafka.config.compression\\.type",
                    "lz4"))
        .doesNotThrowAnyException();
  }
}
