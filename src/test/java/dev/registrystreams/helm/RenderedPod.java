package dev.registrystreams.helm;

import static dev.registrystreams.helm.HelmChart.get;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Volume;
import dev.registrystreams.Pause;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * A rendered pod's first container, run with podman as the kubelet would run it: the image, command
 * and arguments, the environment with $(VAR) and the downward API filled in, the pod's user and
 * group, a read-only root with every capability dropped and no privilege escalation, emptyDir
 * volumes as tmpfs, ConfigMap volumes as read-only directories of their keys, and volume claims as
 * named volumes. Its probes run as the kubelet runs them: HTTP GETs of the probe specs.
 */
final class RenderedPod {

  static final String POD_NAME = "rs-registry-streams-0";

  final GenericContainer<?> container;
  final Map<String, Object> spec;
  private final List<String> createdVolumes = new ArrayList<>();

  /**
   * @param workload the rendered StatefulSet, Deployment or Job
   * @param objects every rendered object, for the ConfigMaps its volumes name
   */
  RenderedPod(
      Map<String, Object> workload,
      List<Map<String, Object>> objects,
      Network network,
      Path temp,
      String volumePrefix) {
    Map<String, Object> pod = HelmChart.podSpec(workload);
    spec = HelmChart.container(workload);
    GenericContainer<?> c =
        new GenericContainer<>(DockerImageName.parse((String) spec.get("image")));
    c.withImagePullPolicy(image -> false);
    c.withNetwork(network);
    // The pod's name resolves to it, as the headless Service's record would.
    c.withNetworkAliases(POD_NAME);
    List<String> command = get(spec, "command");
    List<String> args = get(spec, "args");
    if (args != null) {
      c.withCommand(args.toArray(String[]::new));
    }
    Map<String, Map<String, Object>> env = HelmChart.env(spec);
    env.forEach((name, entry) -> c.withEnv(name, HelmChart.kubeletValue(entry, env)));
    List<Map<String, Object>> ports = get(spec, "ports");
    if (ports != null) {
      ports.forEach(p -> c.addExposedPort((Integer) p.get("containerPort")));
    }

    Map<String, Object> podSecurity = get(pod, "securityContext");
    Map<String, Object> security = get(spec, "securityContext");
    String user = podSecurity.get("runAsUser") + ":" + podSecurity.get("runAsGroup");
    List<Bind> binds = new ArrayList<>();
    Map<String, String> tmpfs = new java.util.LinkedHashMap<>();
    List<Map<String, Object>> volumes = get(pod, "volumes");
    List<Map<String, Object>> claims = get(workload, "spec", "volumeClaimTemplates");
    List<Map<String, Object>> mounts = get(spec, "volumeMounts");
    for (Map<String, Object> mount : mounts) {
      String name = (String) mount.get("name");
      String path = (String) mount.get("mountPath");
      Map<String, Object> volume =
          volumes.stream().filter(v -> name.equals(v.get("name"))).findFirst().orElse(null);
      if (volume != null && volume.containsKey("emptyDir")) {
        // The kubelet's emptyDir allows exec; RocksDB loads the library it extracts there.
        tmpfs.put(path, "rw,exec,size=256m");
      } else if (volume != null && volume.containsKey("configMap")) {
        Path dir = configMapDir(objects, get(volume, "configMap", "name"), temp);
        binds.add(Bind.parse(dir + ":" + path + ":ro"));
      } else if (claims != null
          && claims.stream().anyMatch(t -> name.equals(get(t, "metadata", "name")))) {
        String claim = volumePrefix + "-" + name + "-" + POD_NAME;
        DockerClientFactory.instance().client().createVolumeCmd().withName(claim).exec();
        createdVolumes.add(claim);
        binds.add(new Bind(claim, new Volume(path)));
      } else {
        throw new IllegalArgumentException(
            "no volume for mount " + name + " in the test's kubelet");
      }
    }
    long memory = bytes(get(spec, "resources", "limits", "memory"));
    c.withCreateContainerCmdModifier(
        cmd -> {
          cmd.withUser(user);
          if (command != null) {
            cmd.withEntrypoint(command.toArray(String[]::new));
          }
          var host = cmd.getHostConfig();
          host.withBinds(binds);
          host.withTmpFs(tmpfs);
          host.withReadonlyRootfs(Boolean.TRUE.equals(security.get("readOnlyRootFilesystem")));
          if (get(security, "capabilities", "drop") instanceof List<?> drop
              && drop.contains("ALL")) {
            host.withCapDrop(Capability.ALL);
          }
          if (Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
            host.withSecurityOpts(List.of("no-new-privileges"));
          }
          host.withMemory(memory);
        });
    container = c;
  }

  private static Path configMapDir(List<Map<String, Object>> objects, String name, Path temp) {
    Map<String, Object> configMap = HelmChart.named(objects, "ConfigMap", name);
    try {
      Path dir = Files.createTempDirectory(temp, "configmap-" + name);
      Map<String, Object> data = get(configMap, "data");
      for (var entry : data.entrySet()) {
        Path file = dir.resolve(entry.getKey());
        Files.writeString(file, entry.getValue().toString());
        file.toFile().setReadable(true, false);
      }
      dir.toFile().setReadable(true, false);
      dir.toFile().setExecutable(true, false);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long bytes(String quantity) {
    if (quantity.endsWith("Gi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2)) << 30;
    }
    if (quantity.endsWith("Mi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2)) << 20;
    }
    return Long.parseLong(quantity);
  }

  /** The container port a probe's named or numbered port stands for. */
  int containerPort(Object port) {
    if (port instanceof Integer number) {
      return number;
    }
    List<Map<String, Object>> ports = get(spec, "ports");
    return ports.stream()
        .filter(p -> port.equals(p.get("name")))
        .map(p -> (Integer) p.get("containerPort"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no port named " + port));
  }

  /** One run of a probe: the HTTP GET of its spec, with its timeout; the status, or -1. */
  int probeOnce(String probe) {
    Map<String, Object> httpGet = get(spec, probe, "httpGet");
    int timeout = get(spec, probe, "timeoutSeconds");
    URI uri =
        URI.create(
            "http://"
                + container.getHost()
                + ":"
                + container.getMappedPort(containerPort(httpGet.get("port")))
                + httpGet.get("path"));
    try {
      return HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(timeout))
          .build()
          .send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeout)).GET().build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Runs a probe as the kubelet does until it succeeds (a status from 200 to 399): every
   * periodSeconds, at most failureThreshold times (for the startup probe: then the kubelet would
   * restart the container). Returns the attempts it took.
   */
  int probeUntilSuccess(String probe, int attemptsAllowed) throws InterruptedException {
    int period = get(spec, probe, "periodSeconds");
    for (int attempt = 1; attempt <= attemptsAllowed; attempt++) {
      int status = probeOnce(probe);
      if (status >= 200 && status < 400) {
        return attempt;
      }
      if (!container.isRunning()) {
        throw new AssertionError(probe + ": the container stopped:\n" + container.getLogs());
      }
      // The kubelet's pace: the attempts a probe is allowed are worth periodSeconds each, so
      // what is tested is whether the instance is up within the probe's budget of time.
      Pause.deliberately(Duration.ofSeconds(period), "probe again after periodSeconds");
    }
    throw new AssertionError(
        probe + " failed " + attemptsAllowed + " times:\n" + container.getLogs());
  }

  int failureThreshold(String probe) {
    return get(spec, probe, "failureThreshold");
  }

  void removeVolumes() {
    for (String volume : createdVolumes) {
      try {
        DockerClientFactory.instance().client().removeVolumeCmd(volume).exec();
      } catch (RuntimeException e) {
        System.err.println("could not remove volume " + volume + ": " + e);
      }
    }
  }
}
