package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.registrystreams.app.ChildApp;
import dev.registrystreams.app.RunTopics;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.topology.TopicNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of an instance (a child JVM) while HTTP callers send to it: every request it acknowledged
 * (a 202 once the broker had it, or an answer) is answered on the topic exactly once after the
 * restart, and no request, acknowledged or not, is answered twice.
 */
class WritesKillIT {

  private static final Pattern HTTP_LINE = Pattern.compile("(?m)^http=(\\S+)$");
  private static final int CALLERS = 24;

  @TempDir Path dir;
  private ChildApp child;

  @AfterEach
  void killTheChildOfAFailedRun() throws InterruptedException {
    if (child != null && child.alive()) {
      child.kill();
    }
  }

  @Test
  void everyAcknowledgedRequestIsAnsweredOnceAcrossAKill() throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("writes-kill");
    TopicNames topics = RunTopics.of(run);
    List<String> arguments =
        RunTopics.runArguments(
            SharedKafkaBroker.bootstrapServers(),
            run + "-app",
            topics,
            3,
            2,
            dir.resolve("state"),
            "--group-instance-id",
            run,
            "--kafka-config",
            "session.timeout.ms=10000",
            "--http-host",
            "127.0.0.1",
            "--http-port",
            "0",
            "--http-allow-writes",
            "--stats-interval",
            "0");
    Path log = Path.of("target", "it-logs", run + ".log");
    Files.createDirectories(log.getParent());
    child = new ChildApp(arguments, log);
    child.start();
    URI base = httpUrl(child);

    // Callers in a loop, half asking for 202 once the request is sent (so that many are
    // acknowledged and not yet processed when the kill comes), half waiting for the answer.
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> attempted = ConcurrentHashMap.newKeySet();
    Map<String, Integer> statuses = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger sequence = new AtomicInteger();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    for (int c = 0; c < CALLERS; c++) {
      callers.submit(
          () -> {
            while (!stop.get()) {
              int n = sequence.incrementAndGet();
              String id = run + "-r" + n;
              String query = n % 2 == 0 ? "?timeout=0" : "?timeout=60s";
              String body =
                  "{\"requestId\":\""
                      + id
                      + "\",\"title\":\""
                      + run
                      + " title "
                      + n
                      + "\",\"scope\":\"GOV\",\"type\":\"RULES\",\"context\":{\"n\":"
                      + n
                      + "}}";
              attempted.add(id);
              try {
                HttpResponse<String> response =
                    client.send(
                        HttpRequest.newBuilder(base.resolve("/requests" + query))
                            .timeout(Duration.ofSeconds(70))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                statuses.merge(response.statusCode() + "", 1, Integer::sum);
                if (response.statusCode() == 200 || response.statusCode() == 202) {
                  acknowledged.add(id);
                }
              } catch (IOException e) {
                // The instance died under this call: it may or may not have sent the request.
                statuses.merge("io", 1, Integer::sum);
              } catch (InterruptedException e) {
                return;
              } catch (RuntimeException e) {
                statuses.merge(e.getClass().getSimpleName(), 1, Integer::sum);
              }
            }
          });
    }
    await("acknowledged requests before the kill")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () ->
                assertThat(acknowledged.size())
                    .as("acknowledged requests; statuses so far: %s", statuses)
                    .isGreaterThanOrEqualTo(400));
    child.kill();
    stop.set(true);
    callers.shutdown();
    assertThat(callers.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
    Set<String> ackedAtKill = new HashSet<>(acknowledged);

    // Owed at the kill: acknowledged, and not answered on the topic while the instance was dead.
    Set<String> owed;
    try (AnswerCollector before = new AnswerCollector(RunTopics.sharedBrokerClient(), topics)) {
      Answers answered = before.collect(ackedAtKill, 0, Duration.ofSeconds(3));
      owed = new HashSet<>(ackedAtKill);
      owed.removeAll(answered.entries().keySet());
    }

    child.start();
    URI again = httpUrl(child);
    HttpResponse<String> after =
        HttpCalls.postJson(
            again.resolve("/requests"),
            "{\"requestId\":\""
                + run
                + "-after\",\"title\":\""
                + run
                + " after\",\"scope\":\"GOV\",\"type\":\"RULES\"}");
    assertThat(after.statusCode()).as(after.body()).isEqualTo(200);

    Set<String> all = new HashSet<>(attempted);
    Answers answers;
    try (AnswerCollector collector = new AnswerCollector(RunTopics.sharedBrokerClient(), topics)) {
      answers = collector.collect(ackedAtKill, 0, Duration.ofSeconds(120));
      // Unacknowledged requests that did reach the topic are answered too; read on for them and
      // for any second answer.
      collector.readOn(answers, all, Duration.ofSeconds(3));
    }
    System.out.printf(
        "writes kill: %d attempted, %d acknowledged (%s), %d of them owed an answer at the kill%n",
        attempted.size(), ackedAtKill.size(), statuses, owed.size());
    Set<String> missing = new HashSet<>(ackedAtKill);
    missing.removeAll(answers.entries().keySet());
    assertThat(missing).as("acknowledged requests without an answer").isEmpty();
    assertThat(answers.duplicates()).as("requests answered twice").isZero();
    assertThat(answers.deadLetters()).isEmpty();
    assertThat(answers.entries().values())
        .allSatisfy(entry -> assertThat(entry.getOutcome().name()).isEqualTo("CREATED"));
    // The kill came while requests flowed: some acknowledged ones were still unanswered.
    assertThat(owed).isNotEmpty();
    assertThat(child.stop()).isIn(0, 143);
  }

  private static URI httpUrl(ChildApp child) {
    Matcher m = HTTP_LINE.matcher(child.logSinceStart());
    if (!m.find()) {
      throw new IllegalStateException("the child printed no http= line:\n" + child.logSinceStart());
    }
    return URI.create(m.group(1));
  }
}
