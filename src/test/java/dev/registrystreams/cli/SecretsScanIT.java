package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import dev.registrystreams.LogCapture;
import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.embedded.TopicReader;
import dev.registrystreams.store.RedisServerExtension;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.ContextValues;
import dev.registrystreams.topology.RegistryTopology;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets in every form a user can send them (under secret key names, inside URLs, filled in by
 * {@code --interpolate}, in a producer's header) reach nothing but the requests topic: not one of
 * the application's topics, internal ones included, not Redis, the log, the export or the output of
 * the commands.
 */
class SecretsScanIT {

  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.plain();

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final List<String> SECRETS =
      List.of(
          "hunter2-key-secret",
          "tok-authorization-secret",
          "pwd-key-secret",
          "url-password-secret",
          "interpolated-password-secret",
          "header-bearer-secret");

  @TempDir Path dir;

  @Test
  void noSecretReachesAnythingButTheRequestsTopic() throws Exception {
    LogCapture log = LogCapture.root().start();
    AppConfig config =
        AppFixtures.appConfig("secrets-scan", dir.resolve("state"))
            .withEntryStore(AppConfig.EntryStore.redis(REDIS.server().settings()));
    List<CliRun> runs = new ArrayList<>();
    CliRun rejected;
    Path export = dir.resolve("export");
    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, Duration.ofSeconds(60))) {
      runs.add(
          cli(
              config,
              "generate",
              "--title",
              "Secrets everywhere",
              "--scope",
              "GOV",
              "--type",
              "RULES",
              "--request-id",
              "keys-and-urls",
              "--context",
              "db_password=hunter2-key-secret",
              "--context",
              "Authorization=Bearer tok-authorization-secret",
              "--context",
              "pwd=pwd-key-secret",
              "--context",
              "replica=postgres://app:url-password-secret@db:5432/x",
              "-o",
              "json"));
      Path yaml =
          Files.writeString(
              dir.resolve("dash.yaml"), "title: Dash\ndatasource:\n  dsn: ${SCAN_DSN}\n");
      Path env =
          Files.writeString(
              dir.resolve(".env"),
              "SCAN_DSN=postgres://svc:interpolated-password-secret@db:5432/pay\n");
      runs.add(
          cli(
              config,
              "config",
              "put",
              yaml.toString(),
              "--name",
              "dash",
              "--interpolate",
              "--env-file",
              env.toString()));
      // A rejected request carries its (masked) request in its dead letter.
      rejected =
          cli(
              config,
              "generate",
              "--title",
              "Rejected with secrets",
              "--scope",
              "NOPE",
              "--type",
              "RULES",
              "--context",
              "db_password=hunter2-key-secret",
              "--context",
              "replica=postgres://app:url-password-secret@db:5432/x");
      assertThat(rejected.exitCode()).as(rejected.err()).isEqualTo(2);
      sendWithAuthorizationHeader(config);
      runs.add(
          cli(
              config,
              "generate",
              "--title",
              "After the header",
              "--scope",
              "GOV",
              "--type",
              "RULES",
              "--request-id",
              "after-header"));
      runs.add(cli(config, "config", "get", "dash"));
      runs.add(cli(config, "config", "history", "dash"));
      runs.add(
          CliRun.of(
              "export",
              "--bootstrap-servers",
              config.bootstrapServers(),
              "--entries-topic",
              config.topics().entries(),
              "--dir",
              export.toString()));
    } finally {
      log.close();
    }
    for (CliRun run : runs) {
      assertThat(run.exitCode()).as(run.err()).isZero();
    }
    runs.add(rejected);

    String bootstrap = config.bootstrapServers();
    // The scan finds what is there: every secret is on the requests topic.
    assertThat(found(topicBytes(bootstrap, config.topics().requests())))
        .containsExactlyInAnyOrderElementsOf(SECRETS);

    Map<String, List<byte[]>> places = new LinkedHashMap<>();
    for (String topic :
        List.of(
            config.topics().entries(),
            config.topics().configChanges(),
            config.topics().rejected(),
            RegistryTopology.repartitionTopic(config.applicationId()),
            RegistryTopology.changelogTopic(config.applicationId()))) {
      places.put("topic " + topic, topicBytes(bootstrap, topic));
    }
    places.put("redis", redisBytes());
    places.put("log", List.of(logText(log).getBytes(StandardCharsets.UTF_8)));
    places.put("export", fileBytes(export));
    places.put(
        "command output",
        runs.stream()
            .map(run -> (run.out() + run.err()).getBytes(StandardCharsets.UTF_8))
            .toList());
    for (Map.Entry<String, List<byte[]>> place : places.entrySet()) {
      assertThat(place.getValue()).as(place.getKey()).isNotEmpty();
      assertThat(found(place.getValue())).as("secrets in the " + place.getKey()).isEmpty();
    }
  }

  private static void sendWithAuthorizationHeader(AppConfig config) throws Exception {
    byte[] value =
        REQUESTS.encode(
            GenerationRequest.newBuilder()
                .setRequestId("with-header")
                .setTitle("A header secret")
                .setScope("GOV")
                .setType("RULES")
                .setContext(ContextValues.toAvro(Map.of("env", "prod")))
                .build());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            config.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(config.topics().requests(), null, value);
      record
          .headers()
          .add("authorization", "Bearer header-bearer-secret".getBytes(StandardCharsets.UTF_8));
      producer.send(record).get(30, TimeUnit.SECONDS);
    }
  }

  private static CliRun cli(AppConfig config, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(AppFixtures.topicOptions(config));
    return CliRun.of(all);
  }

  private static Set<String> found(List<byte[]> blobs) {
    Set<String> found = new TreeSet<>();
    for (byte[] blob : blobs) {
      String text = new String(blob, StandardCharsets.ISO_8859_1);
      SECRETS.stream().filter(text::contains).forEach(found::add);
    }
    return found;
  }

  private static List<byte[]> topicBytes(String bootstrap, String topic) {
    List<byte[]> blobs = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : TopicReader.everything(bootstrap, topic)) {
      if (record.key() != null) {
        blobs.add(record.key());
      }
      if (record.value() != null) {
        blobs.add(record.value());
      }
      for (Header header : record.headers()) {
        blobs.add(header.key().getBytes(StandardCharsets.UTF_8));
        blobs.add(header.value());
      }
    }
    return blobs;
  }

  private static List<byte[]> redisBytes() {
    List<byte[]> blobs = new ArrayList<>();
    RedisClient client = RedisClient.create(REDIS.server().url());
    try (StatefulRedisConnection<byte[], byte[]> connection =
        client.connect(ByteArrayCodec.INSTANCE)) {
      RedisCommands<byte[], byte[]> redis = connection.sync();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<byte[]> page = redis.scan(cursor, ScanArgs.Builder.limit(500));
        for (byte[] key : page.getKeys()) {
          blobs.add(key);
          String type = redis.type(key);
          if (type.equals("string")) {
            blobs.add(redis.get(key));
          } else if (type.equals("hash")) {
            redis
                .hgetall(key)
                .forEach(
                    (field, value) -> {
                      blobs.add(field);
                      blobs.add(value);
                    });
          }
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      client.shutdown();
    }
    return blobs;
  }

  private static String logText(LogCapture log) {
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent event : log.events()) {
      text.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    return text.toString();
  }

  private static List<byte[]> fileBytes(Path root) throws IOException {
    List<byte[]> blobs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        blobs.add(Files.readAllBytes(file));
      }
    }
    return blobs;
  }
}
