package dev.registrystreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.registrystreams.embedded.EmbeddedKafkaBroker;
import dev.registrystreams.embedded.SharedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while {@code run} is still starting: the instance must leave its consumer group as a
 * running one does, so that the next start is not held up until the members it left behind time
 * out. The broker holds a new group's first rebalance for {@link #REBALANCE_DELAY_MS}
 * (group.initial.rebalance.delay.ms, 3 s on a default broker), which keeps the child's stream
 * threads joined but not yet RUNNING for as long as the test needs, every time.
 *
 * <p>A stream thread that is told to stop while its JoinGroup is held finishes the rebalance (the
 * broker extends the delay for each member that joins), then leaves; so a stop during the delay
 * takes about as long as the delay, well within the application's 30 s close timeout.
 */
class StopWhileStartingIT {

  /** Far longer than the test waits: a member left behind would still be there. */
  private static final int SESSION_TIMEOUT_MS = 60_000;

  private static final int REBALANCE_DELAY_MS = 5_000;

  @TempDir Path dir;

  @Test
  void sigtermWhileStartingLeavesTheConsumerGroup() throws Exception {
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder()
                .brokerProperties(
                    Map.of(
                        "group.initial.rebalance.delay.ms", Integer.toString(REBALANCE_DELAY_MS)))
                .start();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      String run = SharedKafkaBroker.uniqueTopic("stop-starting");
      String applicationId = run + "-app";
      Path log = Path.of("target", "it-logs", run + ".log");
      Files.createDirectories(log.getParent());
      List<String> arguments =
          RunTopics.topicArguments(broker.bootstrapServers(), applicationId, RunTopics.of(run));
      arguments.addAll(
          List.of(
              "--partitions",
              "2",
              "--num-stream-threads",
              "2",
              "--state-dir",
              dir.resolve("state").toString(),
              "--startup-timeout",
              "120",
              "--kafka-config",
              "session.timeout.ms=" + SESSION_TIMEOUT_MS));
      ChildApp child = new ChildApp(arguments, log);
      child.launch();
      try {
        // Both stream threads have joined; the rebalance is held, so none is running yet.
        await("both stream threads in the group")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> members(admin, applicationId).size() == 2 || !child.alive());
        assertThat(child.alive()).as("child alive; log:%n%s", child.logSinceStart()).isTrue();
        assertThat(child.logSinceStart()).doesNotContain("registry-streams is running");

        long signalled = System.nanoTime();
        int exit = child.stop();
        long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
        // 143: the JVM's status after SIGTERM, once the shutdown hook is done.
        assertThat(exit).as("exit code; log:%n%s", child.logSinceStart()).isEqualTo(143);
        System.out.printf("stop-while-starting: the child exited %d ms after SIGTERM%n", stoppedMs);
        // It waited for the held rebalance, not until its close timed out.
        assertThat(stoppedMs).isLessThan(25_000L);

        await("the group without members")
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(100))
            .untilAsserted(
                () ->
                    assertThat(members(admin, applicationId))
                        .as("members left behind; log:%n%s", child.logSinceStart())
                        .isEmpty());
      } finally {
        if (child.alive()) {
          child.kill();
        }
      }
    }
  }

  /** The group's members; none while the group does not exist (yet, or any more). */
  private static Collection<MemberDescription> members(Admin admin, String group) throws Exception {
    try {
      return admin
          .describeConsumerGroups(Set.of(group))
          .describedGroups()
          .get(group)
          .get(10, TimeUnit.SECONDS)
          .members();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return List.of();
      }
      throw e;
    }
  }
}
