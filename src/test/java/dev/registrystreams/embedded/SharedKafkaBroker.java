package dev.registrystreams.embedded;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One embedded broker for all integration tests of a JVM: started on first use, stopped at exit.
 */
public final class SharedKafkaBroker {

  private static final AtomicInteger TOPIC_SEQUENCE = new AtomicInteger();
  private static EmbeddedKafkaBroker broker;

  private SharedKafkaBroker() {}

  /** Bootstrap servers of the shared broker, starting it on a free port the first time. */
  public static synchronized String bootstrapServers() {
    if (broker == null) {
      EmbeddedKafkaBroker started = EmbeddedKafkaBroker.start(0);
      // Tests share it across classes, so no single test may close it; the JVM's end does.
      Runtime.getRuntime()
          .addShutdownHook(new Thread(started::close, "shared-kafka-broker-shutdown"));
      broker = started;
    }
    return broker.bootstrapServers();
  }

  /**
   * A topic name no other test in this JVM uses, e.g. {@code requests-7-3f9a2c}; tests share the
   * broker, so fixed names would see each other's records.
   */
  public static String uniqueTopic(String prefix) {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    return prefix + "-" + TOPIC_SEQUENCE.incrementAndGet() + "-" + suffix;
  }

  /** Creates topics on the shared broker (auto-creation is off) and waits until they exist. */
  public static void createTopics(int partitions, String... names) {
    List<NewTopic> topics =
        Stream.of(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList();
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create topics " + List.of(names), e);
    }
  }

  /** An Admin client for the shared broker; the caller closes it. */
  public static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }
}
