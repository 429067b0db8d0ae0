package dev.registrystreams.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

  @Test
  void readCommittedConsumerSeesOnlyCommittedTransactions() {
    String topic = SharedKafkaBroker.uniqueTopic("eos");
    SharedKafkaBroker.createTopics(2, topic);
    String bootstrap = SharedKafkaBroker.bootstrapServers();

    try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "a", "committed-1"));
      producer.send(new ProducerRecord<>(topic, "b", "committed-2"));
      producer.commitTransaction();

      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "a", "aborted"));
      producer.flush();
      producer.abortTransaction();

      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "c", "committed-3"));
      producer.commitTransaction();
    }

    assertThat(readCommitted(bootstrap, topic, 3))
        .containsExactlyInAnyOrder("committed-1", "committed-2", "committed-3");
  }

  @Test
  void reChecksATransactionsPartitionsAfterOneMillisecondAsTheBrokerReportsIt() throws Exception {
    ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
    try (Admin admin = SharedKafkaBroker.admin()) {
      Config config =
          admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);

      ConfigEntry backoff = config.get("add.partitions.to.txn.retry.backoff.ms");
      assertThat(backoff.value()).isEqualTo("1");
      assertThat(backoff.source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
    }
  }

  @Test
  void restartsOnAnotherPort() throws Exception {
    int firstPort;
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(0)) {
      firstPort = first.port();
      assertThat(first.bootstrapServers()).isEqualTo("127.0.0.1:" + firstPort);
      assertThat(topicsAfterCreating(first.bootstrapServers(), "before-restart"))
          .contains("before-restart");
    }

    // The system may hand out the port just freed again: the restart is asked for another one.
    int secondPort = LocalPorts.freePort();
    while (secondPort == firstPort) {
      secondPort = LocalPorts.freePort();
    }
    try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(secondPort)) {
      assertThat(second.port()).isEqualTo(secondPort).isNotEqualTo(firstPort);
      // A fresh temporary log dir: the first broker's topic is gone.
      assertThat(topicsAfterCreating(second.bootstrapServers(), "after-restart"))
          .contains("after-restart")
          .doesNotContain("before-restart");
    }
  }

  @Test
  void twoBrokersRunSideBySide() throws Exception {
    try (EmbeddedKafkaBroker one = EmbeddedKafkaBroker.start(0);
        EmbeddedKafkaBroker two = EmbeddedKafkaBroker.start(0)) {
      assertThat(one.port()).isNotEqualTo(two.port());
      assertThat(topicsAfterCreating(one.bootstrapServers(), "on-one")).doesNotContain("on-two");
      assertThat(topicsAfterCreating(two.bootstrapServers(), "on-two")).doesNotContain("on-one");
    }
  }

  @Test
  void startingOnAPortInUseFailsWithAClearMessage() throws IOException {
    try (ServerSocket occupied = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = occupied.getLocalPort();

      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(port))
          .isInstanceOf(EmbeddedKafkaException.class)
          .hasMessageStartingWith("port " + port + " is already in use");
    }
  }

  @Test
  void aListenerThatCannotBindFailsWithTheAddressInTheMessage() throws IOException {
    try (ServerSocket occupied = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int taken = occupied.getLocalPort();
      int controllerPort = LocalPorts.freePort();
      // Bypasses the up-front port check so that Kafka itself runs into the taken port.
      Map<String, Object> listeners =
          Map.of(
              "listeners",
              "PLAINTEXT://127.0.0.1:" + taken + ",CONTROLLER://127.0.0.1:" + controllerPort,
              "controller.quorum.voters",
              "1@127.0.0.1:" + controllerPort);

      assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().brokerProperties(listeners).start())
          .isExactlyInstanceOf(EmbeddedKafkaException.class)
          .hasMessageContaining("cannot listen")
          .hasMessageContaining("127.0.0.1:" + taken);
    }
  }

  @Test
  void closeDeletesTheTemporaryLogDir() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0);
    Path logDir = broker.logDir();
    assertThat(logDir.resolve("meta.properties")).exists();

    broker.close();
    broker.close(); // idempotent

    assertThat(logDir).doesNotExist();
  }

  @Test
  void persistentLogDirKeepsTopicsAcrossRestarts(@TempDir Path dir) throws Exception {
    Path logDir = dir.resolve("kafka");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().logDir(logDir).start()) {
      topicsAfterCreating(broker.bootstrapServers(), "kept");
    }
    assertThat(logDir.resolve("meta.properties")).exists();

    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder()
            .logDir(logDir)
            .brokerProperties(Map.of("log.retention.hours", 1))
            .startTimeout(Duration.ofSeconds(30))
            .start()) {
      try (Admin admin = admin(broker.bootstrapServers())) {
        assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains("kept");
      }
    }
    assertThat(Files.isDirectory(logDir)).isTrue();
  }

  /**
   * Creates {@code topic} and returns the broker's topic names once they include it: under KRaft
   * the controller answers the creation before the broker has read it from the metadata log, so a
   * listing right after can miss it on a busy machine.
   */
  private static Set<String> topicsAfterCreating(String bootstrap, String topic) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(10, TimeUnit.SECONDS);
      return await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> admin.listTopics().names().get(10, TimeUnit.SECONDS),
              names -> names.contains(topic));
    }
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  private static KafkaProducer<String, String> transactionalProducer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            SharedKafkaBroker.uniqueTopic("tx"),
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true),
        new StringSerializer(),
        new StringSerializer());
  }

  /** Polls until {@code expected} records arrived, then a little longer to catch extras. */
  private static List<String> readCommitted(String bootstrap, String topic, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            SharedKafkaBroker.uniqueTopic("group"),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
      // Give a wrongly visible aborted record the chance to show up too.
      consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
    }
    return values;
  }
}
