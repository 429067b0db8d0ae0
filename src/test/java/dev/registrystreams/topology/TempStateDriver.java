package dev.registrystreams.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A TopologyTestDriver under exactly-once in a temporary state directory of its own (several test
 * JVMs may run at once on one machine), removed again when it closes: what {@link
 * RegistryTopologyDriver} and the drivers of the comparison topologies in {@code load} run on.
 */
public final class TempStateDriver implements AutoCloseable {

  private final Path stateDir;
  private final TopologyTestDriver driver;

  /** {@code topology} as application {@code applicationId}, with {@code extraProps} on top. */
  public TempStateDriver(String applicationId, Topology topology, Map<String, ?> extraProps) {
    try {
      stateDir = Files.createTempDirectory(applicationId + "-state");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.putAll(extraProps);
    driver = new TopologyTestDriver(topology, props);
  }

  public TopologyTestDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    driver.close();
    try (Stream<Path> paths = Files.walk(stateDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
