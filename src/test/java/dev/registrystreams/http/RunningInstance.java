package dev.registrystreams.http;

import static org.awaitility.Awaitility.await;

import dev.registrystreams.app.RunTopics;
import dev.registrystreams.cli.RegistryStreamsCli;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.topology.TopicNames;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code run} in this JVM against the shared broker, serving HTTP on a free port: what the HTTP ITs
 * talk to. Instances started with the same application id and topics form one group.
 */
public final class RunningInstance implements AutoCloseable {

  private static final Pattern HTTP_LINE = Pattern.compile("(?m)^http=(\\S+)$");
  private static final String RUNNING = "registry-streams is running: ";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final String applicationId;
  private final TopicNames topics;
  private final Thread runner;
  private final StringWriter out;
  private final StringWriter err;
  private final AtomicInteger exitCode;
  private final URI baseUrl;

  private RunningInstance(
      String applicationId,
      TopicNames topics,
      Thread runner,
      StringWriter out,
      StringWriter err,
      AtomicInteger exitCode,
      URI baseUrl) {
    this.applicationId = applicationId;
    this.topics = topics;
    this.runner = runner;
    this.out = out;
    this.err = err;
    this.exitCode = exitCode;
    this.baseUrl = baseUrl;
  }

  /**
   * Starts an instance of application {@code run + "-app"} on the topics {@link RunTopics#of}
   * {@code run}, and returns once it is running.
   *
   * @param more further options of {@code run}, e.g. {@code --http-token}
   */
  public static RunningInstance start(String run, Path stateDir, String... more) {
    String applicationId = run + "-app";
    TopicNames topics = RunTopics.of(run);
    List<String> args = new ArrayList<>(List.of("run"));
    args.addAll(
        RunTopics.runArguments(
            SharedKafkaBroker.bootstrapServers(),
            applicationId,
            topics,
            3,
            2,
            stateDir,
            "--http-host",
            "127.0.0.1",
            "--http-port",
            "0",
            "--stats-interval",
            "0"));
    args.addAll(List.of(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger exitCode = new AtomicInteger(-1);
    Thread runner =
        new Thread(
            () ->
                exitCode.set(
                    RegistryStreamsCli.execute(
                        args.toArray(String[]::new),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true))),
            "http-it-" + run);
    runner.start();
    await("instance " + run + " running")
        .atMost(STARTUP)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> out.toString().contains(RUNNING) || !runner.isAlive());
    if (!out.toString().contains(RUNNING)) {
      throw new IllegalStateException("run did not start: " + out + err);
    }
    Matcher http = HTTP_LINE.matcher(out.toString());
    if (!http.find()) {
      throw new IllegalStateException("run printed no http= line: " + out);
    }
    return new RunningInstance(
        applicationId, topics, runner, out, err, exitCode, URI.create(http.group(1)));
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI baseUrl() {
    return baseUrl;
  }

  public URI url(String pathAndQuery) {
    return baseUrl.resolve(pathAndQuery);
  }

  public String applicationId() {
    return applicationId;
  }

  public TopicNames topics() {
    return topics;
  }

  /**
   * Waits until this instance's stats are answered by more than one instance of its group: the
   * rebalance that another instance's start began is done, and both serve partitions.
   *
   * @param auth the Authorization header's name and value, if the group needs a token
   */
  public void awaitGroupServing(String... auth) {
    await("the group's instances own partitions")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              HttpResponse<String> stats = HttpCalls.get(url("/entries/stats"), auth);
              return stats.statusCode() == 200
                  && stats.headers().firstValue(PeerCalls.SERVED_BY).orElse("").contains(",");
            });
  }

  /** What {@code run} printed so far, on stdout and stderr. */
  public String output() {
    return out + "\n" + err;
  }

  /** Stops the instance as Ctrl-C would (the command's thread is interrupted); its exit code. */
  public int stop() throws InterruptedException {
    runner.interrupt();
    runner.join(Duration.ofSeconds(60).toMillis());
    if (runner.isAlive()) {
      throw new IllegalStateException("run still running 60 s after the interrupt");
    }
    return exitCode.get();
  }

  @Override
  public void close() throws InterruptedException {
    if (runner.isAlive()) {
      stop();
    }
  }
}
