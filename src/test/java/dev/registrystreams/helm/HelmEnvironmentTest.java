package dev.registrystreams.helm;

import static dev.registrystreams.helm.HelmChart.ci;
import static dev.registrystreams.helm.HelmChart.container;
import static dev.registrystreams.helm.HelmChart.env;
import static dev.registrystreams.helm.HelmChart.get;
import static dev.registrystreams.helm.HelmChart.kubeletValue;
import static dev.registrystreams.helm.HelmChart.one;
import static dev.registrystreams.helm.HelmChart.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.cli.RegistryStreamsCli;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.http.HttpRoutes;
import dev.registrystreams.http.HttpSettings;
import dev.registrystreams.http.InstanceSlot;
import dev.registrystreams.http.RegistryHttpServer;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The chart speaks the application's language: every REGISTRY_STREAMS_* variable it sets is one
 * that the command it runs reads (picocli's model of that command), with a value the option
 * accepts; the Kafka properties it writes resolve, through Kafka's own config providers, to the
 * secrets it mounts; its registry.yaml is one the application parses; and its probes and scrape
 * path are endpoints the application's HTTP server serves.
 */
class HelmEnvironmentTest {

  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");

  @TempDir Path temp;

  static Stream<Path> ciValues() {
    return HelmChart.ciValues().stream();
  }

  /** Environment variable -> the option of {@code command} that reads it. */
  static Map<String, OptionSpec> optionsByEnv(String command) {
    CommandLine cli = new CommandLine(new RegistryStreamsCli());
    // The defaults as written, ${env:NAME:-default}, not what they resolve to here.
    cli.setInterpolateVariables(false);
    Map<String, OptionSpec> byEnv = new TreeMap<>();
    for (OptionSpec option : cli.getSubcommands().get(command).getCommandSpec().options()) {
      String defaultValue = option.defaultValue();
      if (defaultValue == null) {
        continue;
      }
      Matcher m = ENV.matcher(defaultValue);
      while (m.find()) {
        byEnv.put(m.group(1), option);
      }
    }
    return byEnv;
  }

  @Test
  void picocliModelNamesTheVariablesTheReadmeLists() {
    // A guard on the reading of the model itself: names from the README's Options table.
    assertThat(optionsByEnv("run"))
        .containsKeys(
            "REGISTRY_STREAMS_BOOTSTRAP_SERVERS",
            "REGISTRY_STREAMS_APPLICATION_SERVER",
            "REGISTRY_STREAMS_GROUP_INSTANCE_ID",
            "REGISTRY_STREAMS_KAFKA_CONFIG_FILE",
            "REGISTRY_STREAMS_HTTP_PORT",
            "REGISTRY_STREAMS_STATE_DIR");
    assertThat(optionsByEnv("reset"))
        .containsKeys("REGISTRY_STREAMS_STORE", "REGISTRY_STREAMS_REDIS_URL")
        .doesNotContainKey("REGISTRY_STREAMS_HTTP_PORT");
  }

  @ParameterizedTest
  @MethodSource("ciValues")
  void everyVariableTheChartSetsIsReadByTheCommandItRuns(Path values) {
    List<Map<String, Object>> objects = render(temp, values);
    int checked = 0;
    for (Map<String, Object> object : objects) {
      if (!List.of("StatefulSet", "Deployment", "Job").contains(object.get("kind"))) {
        continue;
      }
      Map<String, Object> container = container(object);
      List<String> args = get(container, "args");
      String command = args.get(0);
      Map<String, OptionSpec> options = optionsByEnv(command);
      Map<String, Map<String, Object>> env = env(container);
      List<String> commandLine = new ArrayList<>(args);
      for (var entry : env.entrySet()) {
        String name = entry.getKey();
        if (!name.startsWith("REGISTRY_STREAMS_")) {
          continue;
        }
        assertThat(options)
            .as("%s %s sets %s: does `%s` read it?", object.get("kind"), values, name, command)
            .containsKey(name);
        commandLine.add(options.get(name).longestName());
        commandLine.add(kubeletValue(entry.getValue(), env));
        checked++;
      }
      // The values parse as the options' types (ints, enums, paths, KEY=VALUE maps).
      CommandLine cli = new CommandLine(new RegistryStreamsCli());
      cli.setCaseInsensitiveEnumValuesAllowed(true);
      cli.parseArgs(commandLine.toArray(String[]::new));
    }
    assertThat(checked).isGreaterThan(10);
  }

  @Test
  void statefulSetPodsGetAStableApplicationServerAndInstanceId() {
    Map<String, Map<String, Object>> env =
        env(container(one(render(temp, ci("default")), "StatefulSet")));
    assertThat(kubeletValue(env.get("REGISTRY_STREAMS_APPLICATION_SERVER"), env))
        .isEqualTo("rs-registry-streams-0.rs-registry-streams-headless.registry.svc:8080");
    assertThat(kubeletValue(env.get("REGISTRY_STREAMS_GROUP_INSTANCE_ID"), env))
        .isEqualTo("rs-registry-streams-0")
        // The application's rule for --group-instance-id.
        .matches("[a-zA-Z0-9._-]{1,200}");
  }

  @Test
  void strimziPropertiesResolveToTheMountedSecrets() throws Exception {
    List<Map<String, Object>> objects = render(temp, ci("all-on"));
    Path secrets = temp.resolve("kafka");
    Files.createDirectories(secrets.resolve("sasl"));
    Files.createDirectories(secrets.resolve("client"));
    Files.createDirectories(secrets.resolve("ca"));
    Files.writeString(secrets.resolve("sasl/password"), "s3cr3t-Passw0rd");
    Files.writeString(
        secrets.resolve("client/user.crt"),
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    Files.writeString(
        secrets.resolve("client/user.key"),
        "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    String text =
        HelmChart.configFile(objects, "kafka.properties")
            .replace("/etc/registry-streams/kafka", secrets.toString());
    Properties file = new Properties();
    file.load(new StringReader(text));
    Map<String, String> properties = new LinkedHashMap<>();
    file.stringPropertyNames().forEach(n -> properties.put(n, file.getProperty(n)));
    // What run does with --kafka-config-file before anything connects.
    AppConfig.checkKafkaConfig(properties);

    Map<String, Object> client = new LinkedHashMap<>(properties);
    client.put("bootstrap.servers", "my-cluster-kafka-bootstrap.kafka.svc:9093");
    // Kafka reads the mounted files (and trims them) when the client is configured.
    AdminClientConfig config = new AdminClientConfig(client);
    assertThat(config.getString("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(config.getString("sasl.mechanism")).isEqualTo("SCRAM-SHA-256");
    assertThat(config.getPassword("sasl.jaas.config").value())
        .isEqualTo(
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"registry-streams\" password=\"s3cr3t-Passw0rd\";");
    assertThat(config.getPassword("ssl.keystore.key").value())
        .isEqualTo(Files.readString(secrets.resolve("client/user.key")).strip());
    assertThat(config.getPassword("ssl.keystore.certificate.chain").value())
        .isEqualTo(Files.readString(secrets.resolve("client/user.crt")).strip());
    assertThat(config.getString("ssl.truststore.type")).isEqualTo("PEM");
    assertThat(config.getString("ssl.truststore.location")).isEqualTo(secrets + "/ca/ca.crt");
  }

  @Test
  void mountedSecretsAreWhereThePropertiesLook() {
    Map<String, Object> sts = one(render(temp, ci("all-on")), "StatefulSet");
    List<Map<String, Object>> mounts = get(container(sts), "volumeMounts");
    assertThat(mounts)
        .extracting(m -> m.get("name") + "=" + m.get("mountPath") + ":" + m.get("readOnly"))
        .containsExactly(
            "tmp=/tmp:null",
            "config=/etc/registry-streams/config:true",
            "kafka-ca=/etc/registry-streams/kafka/ca:true",
            "kafka-client=/etc/registry-streams/kafka/client:true",
            "kafka-sasl=/etc/registry-streams/kafka/sasl:true",
            "state=/var/lib/registry-streams:null");
  }

  @Test
  void registryConfigIsOneTheApplicationParses() {
    List<Map<String, Object>> objects = render(temp, ci("all-on"));
    String yaml = HelmChart.configFile(objects, "registry.yaml");
    RegistrySchema schema = RegistrySchema.parse(yaml, "registry.yaml");
    assertThat(schema.header().scopes()).containsExactlyInAnyOrder("GOV", "OPS");
    assertThat(schema.header().defaultStatus()).isEqualTo("RECOMMENDED");
  }

  @Test
  void probesAndScrapesGoToEndpointsTheApplicationServes() throws Exception {
    List<Map<String, Object>> objects = render(temp, ci("all-on"));
    Map<String, Object> container = container(one(objects, "StatefulSet"));
    // The token the data endpoints need is set: probes and scrapes carry none and must not get 401.
    RegistryHttpServer server =
        RegistryHttpServer.start(
            new HttpSettings("127.0.0.1", 0, "a-secret-token"), HttpRoutes.of(new InstanceSlot()));
    try {
      URI base = URI.create(server.url());
      Map<String, Integer> status = new LinkedHashMap<>();
      for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
        assertThat(HelmChart.<String>get(container, probe, "httpGet", "port")).isEqualTo("http");
        String path = get(container, probe, "httpGet", "path");
        status.put(path, status(base.resolve(path)));
      }
      String metrics = get(one(objects, "ServiceMonitor"), "spec", "endpoints", 0, "path");
      status.put(metrics, status(base.resolve(metrics)));
      // An instance still starting: alive, neither started nor ready; metrics from the start.
      assertThat(status)
          .containsExactly(
              Map.entry("/health/started", 503),
              Map.entry("/health/ready", 503),
              Map.entry("/health/live", 200),
              Map.entry("/metrics", 200));
    } finally {
      server.close();
    }
  }

  private static int status(URI uri) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
