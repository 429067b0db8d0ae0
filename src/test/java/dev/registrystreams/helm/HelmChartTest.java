package dev.registrystreams.helm;

import static dev.registrystreams.helm.HelmChart.at;
import static dev.registrystreams.helm.HelmChart.ci;
import static dev.registrystreams.helm.HelmChart.container;
import static dev.registrystreams.helm.HelmChart.env;
import static dev.registrystreams.helm.HelmChart.get;
import static dev.registrystreams.helm.HelmChart.map;
import static dev.registrystreams.helm.HelmChart.ofKind;
import static dev.registrystreams.helm.HelmChart.one;
import static dev.registrystreams.helm.HelmChart.podSpec;
import static dev.registrystreams.helm.HelmChart.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart linted (strict) and rendered for every values file in ci/, and what it renders: the
 * objects per mode, the pod (probes, security, state volume, static membership, application
 * server), the optional objects and the combinations the chart refuses.
 */
class HelmChartTest {

  @TempDir Path temp;

  static Stream<Path> ciValues() {
    return HelmChart.ciValues().stream();
  }

  @Test
  void ciHoldsTheRequiredCases() {
    assertThat(HelmChart.ciValues())
        .extracting(p -> p.getFileName().toString())
        .contains(
            "default-values.yaml",
            "redis-values.yaml",
            "strimzi-values.yaml",
            "all-on-values.yaml",
            "reset-values.yaml");
  }

  @ParameterizedTest
  @MethodSource("ciValues")
  void lintsStrictlyWithEachCiValuesFile(Path values) {
    LintResult result = new Helm(HelmChart.copy(temp, values)).lint().strict().call();
    // Helm's one remark on any chart without an icon is all there is.
    assertThat(result.getMessages()).containsExactly("[INFO] Chart.yaml: icon is recommended");
    assertThat(result.isFailed()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("ciValues")
  void rendersWithEachCiValuesFile(Path values) {
    List<Map<String, Object>> objects = render(temp, values);
    assertThat(objects).isNotEmpty();
    for (Map<String, Object> object : objects) {
      assertThat(at(object, "metadata", "labels", "app.kubernetes.io/instance").toString())
          .as("%s", object.get("kind"))
          .isEqualTo(HelmChart.RELEASE);
    }
  }

  @Test
  void chartVersionIsTheApplicationsVersion() throws Exception {
    Map<String, Object> chart =
        HelmChart.yaml(Files.readString(HelmChart.DIR.resolve("Chart.yaml")));
    assertThat(chart.get("apiVersion")).isEqualTo("v2");
    Matcher version =
        Pattern.compile("<artifactId>registry-streams</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(version.find()).isTrue();
    assertThat(chart.get("appVersion")).isEqualTo(version.group(1));
  }

  @Test
  void defaultsAreAStatefulSetWithAVolumePerPod() {
    List<Map<String, Object>> objects = render(temp, ci("default"));
    assertThat(objects)
        .extracting(o -> o.get("kind"))
        .containsExactlyInAnyOrder(
            "PodDisruptionBudget",
            "ServiceAccount",
            "ConfigMap",
            "Service",
            "Service",
            "StatefulSet");
    Map<String, Object> sts = one(objects, "StatefulSet");
    assertThat(at(sts, "spec", "replicas")).isEqualTo(1);
    assertThat(at(sts, "spec", "serviceName")).isEqualTo("rs-registry-streams-headless");
    assertThat(at(sts, "spec", "podManagementPolicy")).isEqualTo("Parallel");
    assertThat(at(sts, "spec", "volumeClaimTemplates", 0, "metadata", "name")).isEqualTo("state");
    assertThat(
            at(sts, "spec", "volumeClaimTemplates", 0, "spec", "resources", "requests", "storage"))
        .isEqualTo("2Gi");
    assertThat(at(sts, "spec", "volumeClaimTemplates", 0, "spec", "accessModes"))
        .isEqualTo(List.of("ReadWriteOnce"));
    Map<String, Object> container = container(sts);
    List<Map<String, Object>> mounts = get(container, "volumeMounts");
    assertThat(mounts)
        .extracting(m -> m.get("name") + "=" + m.get("mountPath"))
        .containsExactly(
            "tmp=/tmp", "config=/etc/registry-streams/config", "state=/var/lib/registry-streams");
    Map<String, Map<String, Object>> env = env(container);
    assertThat(env.get("REGISTRY_STREAMS_STATE_DIR").get("value"))
        .isEqualTo("/var/lib/registry-streams");
    assertThat(env.get("REGISTRY_STREAMS_GROUP_INSTANCE_ID").get("value")).isEqualTo("$(POD_NAME)");
    assertThat(env.get("REGISTRY_STREAMS_APPLICATION_SERVER").get("value"))
        .isEqualTo("$(POD_NAME).rs-registry-streams-headless.$(POD_NAMESPACE).svc:8080");
    assertThat(at(env.get("POD_NAME"), "valueFrom", "fieldRef", "fieldPath"))
        .isEqualTo("metadata.name");
    assertThat(at(env.get("POD_NAMESPACE"), "valueFrom", "fieldRef", "fieldPath"))
        .isEqualTo("metadata.namespace");
    // Kubernetes expands $(VAR) only for variables defined earlier in the list.
    List<String> names = List.copyOf(env.keySet());
    assertThat(names.indexOf("POD_NAME"))
        .isLessThan(names.indexOf("REGISTRY_STREAMS_GROUP_INSTANCE_ID"));
    assertThat(names.indexOf("POD_NAMESPACE"))
        .isLessThan(names.indexOf("REGISTRY_STREAMS_APPLICATION_SERVER"));
    assertThat(env.get("REGISTRY_STREAMS_BOOTSTRAP_SERVERS").get("value")).isEqualTo("kafka:9092");
    assertThat(env.get("REGISTRY_STREAMS_STORE").get("value")).isEqualTo("rocksdb");
    assertThat(env).doesNotContainKeys("REGISTRY_STREAMS_REDIS_URL", "REGISTRY_STREAMS_HTTP_TOKEN");
    assertThat(container.get("image")).isEqualTo("registry-streams:0.1.0-SNAPSHOT");
    assertThat(container.get("args")).isEqualTo(List.of("run"));
  }

  @Test
  void redisModeIsADeploymentWithoutAVolume() {
    List<Map<String, Object>> objects = render(temp, ci("redis"));
    assertThat(objects)
        .extracting(o -> o.get("kind"))
        .containsExactlyInAnyOrder(
            "PodDisruptionBudget",
            "ServiceAccount",
            "ConfigMap",
            "Service",
            "Service",
            "Deployment");
    Map<String, Object> deployment = one(objects, "Deployment");
    assertThat(at(deployment, "spec", "replicas")).isEqualTo(3);
    // Only the writable tmp and the read-only config: no claim, no state volume.
    List<Map<String, Object>> volumes = get(podSpec(deployment), "volumes");
    assertThat(volumes).extracting(v -> v.get("name")).containsExactly("tmp", "config");
    assertThat(volumes.get(0)).containsKey("emptyDir");
    Map<String, Map<String, Object>> env = env(container(deployment));
    assertThat(env.get("REGISTRY_STREAMS_STORE").get("value")).isEqualTo("redis");
    assertThat(at(env.get("REGISTRY_STREAMS_REDIS_URL"), "valueFrom", "secretKeyRef"))
        .isEqualTo(Map.of("name", "registry-streams-redis", "key", "redis-url"));
    // Pod names of a Deployment change with every rollout: no static membership, the pod's IP.
    assertThat(env).doesNotContainKey("REGISTRY_STREAMS_GROUP_INSTANCE_ID");
    assertThat(env.get("REGISTRY_STREAMS_APPLICATION_SERVER").get("value"))
        .isEqualTo("$(POD_IP):8080");
    assertThat(at(env.get("POD_IP"), "valueFrom", "fieldRef", "fieldPath"))
        .isEqualTo("status.podIP");
    assertThat(env.get("REGISTRY_STREAMS_STATE_DIR").get("value"))
        .isEqualTo("/tmp/registry-streams");
  }

  @Test
  void servicesAreOneForHttpAndOneHeadless() {
    List<Map<String, Object>> services = ofKind(render(temp, ci("default")), "Service");
    Map<String, Object> http = services.get(0);
    Map<String, Object> headless = services.get(1);
    assertThat(at(http, "metadata", "name")).isEqualTo("rs-registry-streams");
    assertThat(at(http, "spec", "ports", 0))
        .isEqualTo(Map.of("name", "http", "port", 8080, "targetPort", "http", "protocol", "TCP"));
    assertThat(at(headless, "metadata", "name")).isEqualTo("rs-registry-streams-headless");
    assertThat(at(headless, "spec", "clusterIP")).isEqualTo("None");
    assertThat(at(headless, "spec", "publishNotReadyAddresses")).isEqualTo(true);
    Map<String, Object> selector =
        Map.of("app.kubernetes.io/name", "registry-streams", "app.kubernetes.io/instance", "rs");
    assertThat(at(http, "spec", "selector")).isEqualTo(selector);
    assertThat(at(headless, "spec", "selector")).isEqualTo(selector);
  }

  @Test
  void probesAreOnByDefaultOnTheHealthEndpoints() {
    Map<String, Object> container = container(one(render(temp, ci("default")), "StatefulSet"));
    assertThat(at(container, "ports", 0))
        .isEqualTo(Map.of("name", "http", "containerPort", 8080, "protocol", "TCP"));
    assertThat(at(container, "startupProbe", "httpGet"))
        .isEqualTo(Map.of("path", "/health/started", "port", "http"));
    assertThat(at(container, "readinessProbe", "httpGet"))
        .isEqualTo(Map.of("path", "/health/ready", "port", "http"));
    assertThat(at(container, "livenessProbe", "httpGet"))
        .isEqualTo(Map.of("path", "/health/live", "port", "http"));
    // Ten minutes for a first start or a restoration before the kubelet gives up.
    int period = get(container, "startupProbe", "periodSeconds");
    int failures = get(container, "startupProbe", "failureThreshold");
    assertThat(period * failures).isEqualTo(600);
  }

  @Test
  void probesFollowTheHttpPortAndCanBeSwitchedOff() {
    Map<String, Object> container =
        container(
            one(
                render(
                    temp, ci("default"), "http.port", "9090", "probes.liveness.enabled", "false"),
                "StatefulSet"));
    assertThat(at(container, "ports", 0, "containerPort")).isEqualTo(9090);
    assertThat(env(container).get("REGISTRY_STREAMS_HTTP_PORT").get("value")).isEqualTo("9090");
    assertThat(env(container).get("REGISTRY_STREAMS_APPLICATION_SERVER").get("value").toString())
        .endsWith(".svc:9090");
    assertThat(container)
        .containsKeys("startupProbe", "readinessProbe")
        .doesNotContainKey("livenessProbe");
  }

  @Test
  void podIsLockedDown() {
    Map<String, Object> sts = one(render(temp, ci("default")), "StatefulSet");
    assertThat(podSpec(sts).get("terminationGracePeriodSeconds")).isEqualTo(120);
    assertThat(at(podSpec(sts), "securityContext"))
        .isEqualTo(
            Map.of(
                "runAsNonRoot",
                true,
                "runAsUser",
                10001,
                "runAsGroup",
                10001,
                "fsGroup",
                10001,
                "fsGroupChangePolicy",
                "OnRootMismatch",
                "seccompProfile",
                Map.of("type", "RuntimeDefault")));
    assertThat(at(container(sts), "securityContext"))
        .isEqualTo(
            Map.of(
                "runAsNonRoot", true,
                "allowPrivilegeEscalation", false,
                "readOnlyRootFilesystem", true,
                "capabilities", Map.of("drop", List.of("ALL"))));
    Map<String, Object> pdb = one(render(temp, ci("default")), "PodDisruptionBudget");
    assertThat(at(pdb, "spec", "maxUnavailable")).isEqualTo(1);
    assertThat(at(pdb, "spec", "selector", "matchLabels"))
        .isEqualTo(at(sts, "spec", "selector", "matchLabels"));
  }

  @Test
  void strimziSecretsAreMountedAndNamedInKafkaProperties() {
    List<Map<String, Object>> objects = render(temp, ci("strimzi"));
    Map<String, Object> sts = one(objects, "StatefulSet");
    List<Map<String, Object>> volumes = get(podSpec(sts), "volumes");
    assertThat(volumes)
        .filteredOn(v -> v.containsKey("secret"))
        .extracting(v -> at(v, "secret", "secretName") + ":" + at(v, "secret", "items", 0, "key"))
        .containsExactly("my-cluster-cluster-ca-cert:ca.crt", "registry-streams:password");
    String properties = HelmChart.configFile(objects, "kafka.properties");
    assertThat(properties.lines())
        .containsExactly(
            "# Kafka client and Streams properties of rs-registry-streams",
            "config.providers=secrets",
            "config.providers.secrets.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider",
            "config.providers.secrets.param.allowed.paths=/etc/registry-streams/kafka",
            "security.protocol=SASL_SSL",
            "ssl.truststore.type=PEM",
            "ssl.truststore.location=/etc/registry-streams/kafka/ca/ca.crt",
            "sasl.mechanism=SCRAM-SHA-512",
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"registry-streams\""
                + " password=\"${secrets:/etc/registry-streams/kafka/sasl:password}\";");
    assertThat(env(container(sts)).get("REGISTRY_STREAMS_KAFKA_CONFIG_FILE").get("value"))
        .isEqualTo("/etc/registry-streams/config/kafka.properties");
  }

  @Test
  void everythingOptionalIsRendered() {
    List<Map<String, Object>> objects = render(temp, ci("all-on"));
    assertThat(objects)
        .extracting(o -> o.get("kind"))
        .containsExactlyInAnyOrder(
            "PodDisruptionBudget",
            "ServiceAccount",
            "ConfigMap",
            "ConfigMap",
            "Service",
            "Service",
            "StatefulSet",
            "ScaledObject",
            "TriggerAuthentication",
            "ServiceMonitor");
    Map<String, Object> sts = one(objects, "StatefulSet");
    // KEDA owns the replica count.
    assertThat(map(sts, "spec")).doesNotContainKey("replicas");

    Map<String, Object> monitor = one(objects, "ServiceMonitor");
    assertThat(at(monitor, "spec", "endpoints", 0, "path")).isEqualTo("/metrics");
    assertThat(at(monitor, "spec", "endpoints", 0, "port")).isEqualTo("http");
    assertThat(at(monitor, "spec", "selector", "matchLabels", "app.kubernetes.io/component"))
        .isEqualTo("http");
    assertThat(at(monitor, "metadata", "labels", "release")).isEqualTo("prometheus");

    Map<String, Object> scaled = one(objects, "ScaledObject");
    assertThat(at(scaled, "spec", "scaleTargetRef"))
        .isEqualTo(
            Map.of("apiVersion", "apps/v1", "kind", "StatefulSet", "name", "rs-registry-streams"));
    assertThat(at(scaled, "spec", "minReplicaCount")).isEqualTo(2);
    assertThat(at(scaled, "spec", "maxReplicaCount")).isEqualTo(12);
    Map<String, Object> trigger = get(scaled, "spec", "triggers", 0);
    assertThat(trigger.get("type")).isEqualTo("kafka");
    assertThat(map(trigger, "metadata"))
        .containsEntry("consumerGroup", "registry-streams")
        .containsEntry("topic", "registry.requests")
        .containsEntry("lagThreshold", "500")
        .containsEntry("allowIdleConsumers", "false")
        .containsEntry("sasl", "scram_sha256")
        .containsEntry("tls", "enable");
    Map<String, Object> auth = one(objects, "TriggerAuthentication");
    List<Map<String, Object>> refs = get(auth, "spec", "secretTargetRef");
    assertThat(refs)
        .extracting(r -> r.get("parameter") + "=" + r.get("name") + ":" + r.get("key"))
        .containsExactly(
            "password=registry-streams:password",
            "ca=my-cluster-cluster-ca-cert:ca.crt",
            "cert=registry-streams-tls:user.crt",
            "key=registry-streams-tls:user.key");
    assertThat(env(container(sts)).get("KAFKA_SASL_USERNAME").get("value"))
        .isEqualTo("registry-streams");

    Map<String, Object> dashboard =
        HelmChart.named(objects, "ConfigMap", "rs-registry-streams-dashboard");
    assertThat(at(dashboard, "metadata", "labels", "grafana_dashboard")).isEqualTo("1");
    assertThat(at(dashboard, "data", "registry-streams.json").toString())
        .isEqualTo(dashboardText());

    Map<String, Map<String, Object>> env = env(container(sts));
    assertThat(at(env.get("REGISTRY_STREAMS_HTTP_TOKEN"), "valueFrom", "secretKeyRef"))
        .isEqualTo(Map.of("name", "registry-streams-http", "key", "token"));
    assertThat(env.get("REGISTRY_STREAMS_REGISTRY_CONFIG").get("value"))
        .isEqualTo("/etc/registry-streams/config/registry.yaml");
    String properties = HelmChart.configFile(objects, "kafka.properties");
    // Whole numbers as integers, not YAML's 1e+06.
    assertThat(properties.lines())
        .contains(
            "max.poll.records=500",
            "max.request.size=1000000",
            "client.rack=zone-a",
            "ssl.keystore.type=PEM",
            "ssl.keystore.certificate.chain=${secrets:/etc/registry-streams/kafka/client:user.crt}",
            "ssl.keystore.key=${secrets:/etc/registry-streams/kafka/client:user.key}");
  }

  private static String dashboardText() {
    Path dashboard = HelmChart.DIR.resolve(HelmChart.DASHBOARD);
    try {
      return Files.exists(dashboard)
          ? Files.readString(dashboard).stripTrailing()
          : HelmChart.PLACEHOLDER_DASHBOARD;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void resetJobRunsTheResetCommandWithTheApplicationsSettings() {
    List<Map<String, Object>> objects = render(temp, ci("reset"));
    Map<String, Object> job = one(objects, "Job");
    assertThat(at(job, "metadata", "name")).isEqualTo("rs-registry-streams-reset-1");
    Map<String, Object> container = container(job);
    assertThat(container.get("args")).isEqualTo(List.of("reset", "--force"));
    assertThat(at(podSpec(job), "restartPolicy")).isEqualTo("Never");
    // Its pod is none of the application's: the Services and the PDB do not select it.
    assertThat(at(job, "spec", "template", "metadata", "labels", "app.kubernetes.io/name"))
        .isEqualTo("registry-streams-reset");
    assertThat(at(job, "spec", "backoffLimit")).isEqualTo(4);
    Map<String, Object> deployment = one(objects, "Deployment");
    assertThat(at(deployment, "spec", "replicas")).isEqualTo(0);
    Map<String, Map<String, Object>> jobEnv = env(container);
    Map<String, Map<String, Object>> appEnv = env(container(deployment));
    // The job resets exactly the application the pods run: same cluster, id, topics, store.
    for (String name :
        List.of(
            "REGISTRY_STREAMS_BOOTSTRAP_SERVERS",
            "REGISTRY_STREAMS_APPLICATION_ID",
            "REGISTRY_STREAMS_REQUESTS_TOPIC",
            "REGISTRY_STREAMS_ENTRIES_TOPIC",
            "REGISTRY_STREAMS_CONFIG_CHANGES_TOPIC",
            "REGISTRY_STREAMS_REJECTED_TOPIC",
            "REGISTRY_STREAMS_KAFKA_CONFIG_FILE",
            "REGISTRY_STREAMS_STORE",
            "REGISTRY_STREAMS_REDIS_URL")) {
      assertThat(jobEnv.get(name)).as(name).isEqualTo(appEnv.get(name));
    }
    assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
  }

  @Test
  void kedaScalesTheDeploymentInRedisMode() {
    List<Map<String, Object>> objects =
        render(
            temp,
            ci("redis"),
            "autoscaling.keda.enabled",
            "true",
            "autoscaling.keda.maxReplicas",
            "6");
    assertThat(map(one(objects, "Deployment"), "spec")).doesNotContainKey("replicas");
    assertThat(at(one(objects, "ScaledObject"), "spec", "scaleTargetRef", "kind"))
        .isEqualTo("Deployment");
    // No TLS, no SASL: no TriggerAuthentication, no credentials in the trigger.
    assertThat(ofKind(objects, "TriggerAuthentication")).isEmpty();
    assertThat(map(one(objects, "ScaledObject"), "spec", "triggers", 0))
        .doesNotContainKey("authenticationRef");
  }

  @Test
  void persistenceSettingsReachTheVolumeClaims() {
    Map<String, Object> claim =
        get(
            one(
                render(
                    temp,
                    ci("default"),
                    "persistence.size",
                    "20Gi",
                    "persistence.storageClass",
                    "fast-ssd"),
                "StatefulSet"),
            "spec",
            "volumeClaimTemplates",
            0);
    assertThat(at(claim, "spec", "storageClassName")).isEqualTo("fast-ssd");
    assertThat(at(claim, "spec", "resources", "requests", "storage")).isEqualTo("20Gi");
  }

  @Test
  void notesSayHowToReachThePageAndSendAFirstRequest() {
    String notes = HelmChart.notes(temp, ci("default"));
    assertThat(notes)
        .contains("rollout status statefulset/rs-registry-streams")
        .contains("kubectl -n registry port-forward svc/rs-registry-streams 8080:8080")
        .contains("open http://localhost:8080/")
        .contains("curl -s localhost:8080/health/ready")
        .contains("exec rs-registry-streams-0 --")
        .contains("dev.registrystreams.cli.RegistryStreamsCli \\\n    generate --title")
        .contains("curl -s \"localhost:8080/entries?scope=GOV\"");
    String redis = HelmChart.notes(temp, ci("redis"));
    assertThat(redis)
        .contains("rollout status deployment/rs-registry-streams")
        .contains("exec deploy/rs-registry-streams --");
    assertThat(HelmChart.notes(temp, ci("all-on")))
        .contains("-H \"Authorization: Bearer $TOKEN\" \"localhost:8080/entries?scope=GOV\"");
  }

  @Test
  void refusesCombinationsThatCannotWork() {
    assertThatThrownBy(() -> render(temp, null))
        .hasMessageContaining("kafka.bootstrapServers is required");
    assertThatThrownBy(() -> render(temp, ci("default"), "store.type", "redis"))
        .hasMessageContaining("store.type=redis needs redis.url or redis.existingSecret.name");
    assertThatThrownBy(
            () ->
                render(
                    temp,
                    ci("default"),
                    "autoscaling.keda.enabled",
                    "true",
                    "autoscaling.keda.maxReplicas",
                    "8"))
        .hasMessageContaining(
            "autoscaling.keda.maxReplicas (8) exceeds the 6 partitions of the requests topic"
                + " (topics.partitions): instances beyond them get no task");
    assertThatThrownBy(() -> render(temp, ci("default"), "reset.enabled", "true"))
        .hasMessageContaining(
            "reset.enabled needs every instance stopped: set replicaCount=0 and"
                + " autoscaling.keda.enabled=false");
    assertThatThrownBy(() -> render(temp, ci("default"), "kafka.sasl.enabled", "true"))
        .hasMessageContaining("kafka.sasl.enabled needs kafka.sasl.username");
  }
}
