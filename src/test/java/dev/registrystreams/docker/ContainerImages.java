package dev.registrystreams.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * The images the container tests run: the application's, built once per test JVM from
 * docker/Dockerfile by docker/build-image.sh (after the Maven package, which failsafe runs after),
 * and the local stand-ins for apache/kafka and redis that docker/podman-setup.sh and that script
 * make, since these machines reach no image registry.
 */
public final class ContainerImages {

  /** The application image, {@link #APPLICATION_REPOSITORY}:{@link #APPLICATION_TAG}. */
  public static final String APPLICATION_REPOSITORY = "localhost/registry-streams";

  public static final String APPLICATION_TAG = "test";
  public static final String APPLICATION = APPLICATION_REPOSITORY + ":" + APPLICATION_TAG;
  public static final String REDIS = "localhost/redis-local:7";

  private static boolean built;

  private ContainerImages() {}

  /** The local Kafka image, built from the Kafka version the project's clients have. */
  static String kafka() {
    return "localhost/kafka-local:" + AppInfoParser.getVersion();
  }

  public static DockerImageName kafkaImage() {
    return DockerImageName.parse(kafka()).asCompatibleSubstituteFor("apache/kafka");
  }

  /**
   * Builds the application image (and the Kafka one when missing) once per JVM. Fails, rather than
   * skips, without a container engine: CI must run these tests.
   */
  public static synchronized void build() {
    if (built) {
      return;
    }
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException(
          "no container engine: run docker/podman-setup.sh and export what"
              + " 'docker/podman-setup.sh env' prints (bash .ci/run does both)");
    }
    run(List.of("bash", root().resolve("docker/build-image.sh").toString(), APPLICATION));
    built = true;
  }

  /** Removes what a test started, each on its own: Ryuk, which would, is off on podman. */
  public static void removeAll(AutoCloseable... started) {
    for (AutoCloseable closeable : started) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        System.err.println("could not remove " + closeable + ": " + e);
      }
    }
  }

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("docker/Dockerfile"))) {
      dir = dir.getParent();
      if (dir == null) {
        throw new IllegalStateException("docker/Dockerfile not found above the working directory");
      }
    }
    return dir;
  }

  /** Runs a command to its end (at most 10 minutes), failing with its output if it fails. */
  static String run(List<String> command) {
    return run(command, java.util.Map.of());
  }

  static String run(List<String> command, java.util.Map<String, String> environment) {
    try {
      Path output = Files.createTempFile("container-command", ".log");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException(command + " did not finish in 10 minutes");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              command + " exited " + process.exitValue() + ":\n" + text);
        }
        return text;
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
