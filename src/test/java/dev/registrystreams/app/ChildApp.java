package dev.registrystreams.app;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The application's {@code run} command in a child JVM, so that a test can SIGKILL it: from the
 * shaded jar when the build made one (failsafe runs after package), else from the test classpath.
 * Its output is appended to one log file across restarts.
 */
public final class ChildApp {

  private final List<String> arguments;
  private final Path log;
  private Process process;
  private long logOffsetAtStart;

  public ChildApp(List<String> arguments, Path log) {
    this.arguments = List.copyOf(arguments);
    this.log = log;
  }

  /** Starts the child and waits until it says it is running. */
  public void start() throws IOException {
    launch();
    try {
      await("the child says it is running")
          .atMost(Duration.ofSeconds(60))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(50))
          .until(this::running);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("the child did not start within 60 s:\n" + logSinceStart());
    }
  }

  /** Whether the child has said it is running; fails at once when it exited instead. */
  private boolean running() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "the child exited with " + process.exitValue() + ":\n" + logSinceStart());
    }
    return logSinceStart().contains("registry-streams is running");
  }

  /** Starts the child and returns at once, while it is still starting. */
  public void launch() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    Path jar = Path.of("target", "registry-streams.jar");
    if (Files.isRegularFile(jar)) {
      command.addAll(List.of("-cp", jar.toString()));
    } else {
      command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    }
    command.add("dev.registrystreams.cli.RegistryStreamsCli");
    command.add("run");
    command.addAll(arguments);
    logOffsetAtStart = Files.exists(log) ? Files.size(log) : 0;
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
  }

  /** kill -9: no shutdown hook, no commit, no store close. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: the shutdown hook closes Kafka Streams cleanly. */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("the child did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  public String logSinceStart() {
    try {
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(logOffsetAtStart, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  public String wholeLog() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
