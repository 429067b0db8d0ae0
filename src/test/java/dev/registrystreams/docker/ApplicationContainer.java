package dev.registrystreams.docker;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.registrystreams.topology.TopicNames;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The application image running {@code run} as a container, the way the README and the Helm chart
 * run it: read-only root file system, /tmp a tmpfs, configured through REGISTRY_STREAMS_* variables
 * only, started once /health/ready answers 200.
 */
final class ApplicationContainer extends GenericContainer<ApplicationContainer> {

  static final int HTTP_PORT = 8080;
  static final String STATE_DIR = "/var/lib/registry-streams";

  private final String name;

  ApplicationContainer(Network network, String name, String bootstrapServers, TopicNames topics) {
    super(DockerImageName.parse(ContainerImages.APPLICATION));
    this.name = name;
    withImagePullPolicy(image -> false);
    withNetwork(network);
    withNetworkAliases(name);
    withCommand("run");
    withEnv("REGISTRY_STREAMS_BOOTSTRAP_SERVERS", bootstrapServers);
    withEnv("REGISTRY_STREAMS_APPLICATION_ID", name);
    withEnv("REGISTRY_STREAMS_REQUESTS_TOPIC", topics.requests());
    withEnv("REGISTRY_STREAMS_ENTRIES_TOPIC", topics.entries());
    withEnv("REGISTRY_STREAMS_CONFIG_CHANGES_TOPIC", topics.configChanges());
    withEnv("REGISTRY_STREAMS_REJECTED_TOPIC", topics.rejected());
    withEnv("REGISTRY_STREAMS_NUM_STREAM_THREADS", "2");
    withEnv("REGISTRY_STREAMS_PARTITIONS", "3");
    withEnv("REGISTRY_STREAMS_APPLICATION_SERVER", name + ":" + HTTP_PORT);
    withExposedPorts(HTTP_PORT);
    // exec: RocksDB and zstd-jni load the native libraries they extract to /tmp.
    withTmpFs(Map.of("/tmp", "rw,exec,size=256m"));
    withCreateContainerCmdModifier(
        cmd -> cmd.getHostConfig().withReadonlyRootfs(true).withMemory(1536L * 1024 * 1024));
    waitingFor(
        Wait.forHttp("/health/ready")
            .forPort(HTTP_PORT)
            .forStatusCode(200)
            .withStartupTimeout(Duration.ofMinutes(3)));
  }

  /** Keeps the state directory on the named volume {@code volume}, across containers. */
  ApplicationContainer withStateVolume(String volume) {
    return withCreateContainerCmdModifier(
        cmd -> cmd.getHostConfig().withBinds(new Bind(volume, new Volume(STATE_DIR))));
  }

  URI url(String path) {
    return URI.create("http://" + getHost() + ":" + getMappedPort(HTTP_PORT) + path);
  }

  /** SIGKILL: no shutdown hook, no commit, no leaving the group. */
  void kill() {
    DockerClientFactory.instance()
        .client()
        .killContainerCmd(getContainerId())
        .withSignal("KILL")
        .exec();
  }

  /** Keeps the container's output in target/it-logs, for a look after a failure. */
  void saveLog(String suffix) {
    try {
      Path log = Path.of("target", "it-logs", name + suffix + ".log");
      Files.createDirectories(log.getParent());
      Files.writeString(log, getLogs());
    } catch (IOException | RuntimeException e) {
      System.err.println("could not keep the log of " + name + ": " + e);
    }
  }
}
