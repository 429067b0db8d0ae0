package dev.registrystreams.topology;

import static dev.registrystreams.topology.RegistryTopologyDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.cli.files.Interpolation;
import dev.registrystreams.core.yaml.YamlCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * No secret that a request carries in clear reaches any topic the application writes, in any form:
 * the raw bytes of every record, key and value, are searched for the secrets.
 */
class SecretsInOutputsTest {

  /**
   * The clear secrets of {@link #leakyContext}: none may appear in any output byte. The bare "abc"
   * of "Bearer abc" is not searched for: it could occur in any hex hash or dedup key.
   */
  private static final List<String> SECRETS =
      List.of("hunter2", "Bearer", "Bearer abc", ":pw@", "pw@db", "s3cr3t-tok");

  /** Secrets under keys the masker recognises, a URL password, and one inside a list. */
  private static Map<String, Object> leakyContext() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", "prod");
    context.put("Authorization", "Bearer abc");
    context.put("pwd", "hunter2");
    context.put("url", "postgres://app:pw@db/x");
    context.put("mirrors", List.of("https://s3cr3t-tok@mirror.example.com/", "plain"));
    return context;
  }

  @Test
  void entriesChangesAndEveryOtherTopicHoldNoClearSecret() {
    try (RegistryTopologyDriver t = new RegistryTopologyDriver()) {
      t.send(request("r1", "Payments database", leakyContext()), 0);

      Map<String, List<TestRecord<byte[], byte[]>>> written = everyTopic(t);
      assertThat(written)
          .containsKeys(TopicNames.defaults().entries(), TopicNames.defaults().configChanges());
      assertThat(hits(written)).isEmpty();

      RegistryEntry entry = decode(written, TopicNames.defaults().entries(), RegistryEntry.class);
      Map<String, Object> config = YamlCodec.load(entry.getConfig());
      assertThat(config.get("context"))
          .isEqualTo(
              Map.of(
                  "Authorization", "******",
                  "env", "prod",
                  "mirrors", List.of("https://******@mirror.example.com/", "plain"),
                  "pwd", "******",
                  "url", "postgres://app:******@db/x"));
      ConfigChange change =
          decode(written, TopicNames.defaults().configChanges(), ConfigChange.class);
      assertThat(change.getChanges().toString())
          .contains("postgres://app:******@db/x")
          .doesNotContain(":pw@");
    }
  }

  @Test
  void aChangeOfTheSecretsAloneIsUnchanged() {
    Map<String, Object> other = leakyContext();
    other.put("Authorization", "Bearer xyz");
    other.put("pwd", "hunter3");
    other.put("url", "postgres://app:pw2@db/x");
    try (RegistryTopologyDriver t = new RegistryTopologyDriver()) {
      t.send(request("r1", "Payments database", leakyContext()), 0);
      t.send(request("r2", "Payments database", other), 60);

      List<RegistryEntry> entries = t.entries();
      assertThat(entries)
          .extracting(e -> e.getOutcome().name())
          .containsExactly("CREATED", "UNCHANGED");
      assertThat(entries.get(1).getContentHash()).isEqualTo(entries.get(0).getContentHash());
      assertThat(t.changes()).hasSize(1);
    }
  }

  @Test
  void aRejectedRequestsDeadLetterHoldsNoClearSecret() {
    try (RegistryTopologyDriver t = new RegistryTopologyDriver()) {
      t.send(request("r1", "NOPE", "RULES", "Payments database", leakyContext()), 0);

      Map<String, List<TestRecord<byte[], byte[]>>> written = everyTopic(t);
      DeadLetter letter = decode(written, TopicNames.defaults().rejected(), DeadLetter.class);
      assertThat(letter.getReason()).isEqualTo("UNKNOWN_SCOPE");
      assertThat(hits(written)).isEmpty();
    }
  }

  @Test
  void aValueFilledInByInterpolationIsMaskedLikeAnyOther() {
    // What `config put --interpolate` sends: the CLI expands, the topology masks what arrives.
    Map<String, String> env = Map.of("DB_URL", "postgres://app:pw@db/x", "DB_PWD", "hunter2");
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("url", "${DB_URL}");
    file.put("pwd", "${DB_PWD}");
    file.put("replicas", List.of("${DB_URL}"));
    Map<String, Object> expanded = Interpolation.apply(file, env::get);
    assertThat(expanded).containsEntry("url", "postgres://app:pw@db/x");

    try (RegistryTopologyDriver t = new RegistryTopologyDriver()) {
      t.send(request("r1", "Interpolated database", expanded), 0);

      Map<String, List<TestRecord<byte[], byte[]>>> written = everyTopic(t);
      assertThat(hits(written)).isEmpty();
      RegistryEntry entry = decode(written, TopicNames.defaults().entries(), RegistryEntry.class);
      assertThat(YamlCodec.load(entry.getConfig()).get("context"))
          .isEqualTo(
              Map.of(
                  "pwd", "******",
                  "replicas", List.of("postgres://app:******@db/x"),
                  "url", "postgres://app:******@db/x"));
    }
  }

  /** Every record of every topic the topology wrote, internal ones (changelog) included. */
  private static Map<String, List<TestRecord<byte[], byte[]>>> everyTopic(
      RegistryTopologyDriver t) {
    Map<String, List<TestRecord<byte[], byte[]>>> out = new TreeMap<>();
    for (String topic : t.driver.producedTopicNames()) {
      out.put(topic, t.readRaw(topic));
    }
    return out;
  }

  /** "topic: secret" for every secret found in a key or a value; empty when none leaked. */
  private static List<String> hits(Map<String, List<TestRecord<byte[], byte[]>>> written) {
    List<String> hits = new ArrayList<>();
    written.forEach(
        (topic, records) -> {
          for (TestRecord<byte[], byte[]> record : records) {
            for (byte[] bytes : new byte[][] {record.key(), record.value()}) {
              // ISO-8859-1 maps byte for byte, so binary Avro around the text does not matter.
              String text = bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
              for (String secret : SECRETS) {
                if (text.contains(secret)) {
                  hits.add(topic + ": " + secret);
                }
              }
            }
          }
        });
    return hits;
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> T decode(
      Map<String, List<TestRecord<byte[], byte[]>>> written, String topic, Class<T> type) {
    assertThat(written.get(topic)).as(topic).hasSize(1);
    return AvroSerde.of(type).deserializer().deserialize(topic, written.get(topic).get(0).value());
  }
}
