package dev.registrystreams.topology;

import static dev.registrystreams.topology.RegistryTopologyDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.load.MixedWorkload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Processing the same input twice gives byte-identical output: no clock, no randomness, and nothing
 * that depends on the durable tier of the entries store; run once per tier by a subclass: {@link
 * DeterminismTest} (RocksDB) and {@link DeterminismRedisIT}.
 */
abstract class DeterminismContract {

  /** The durable tier the entries store is built on, registered as an extension by a subclass. */
  abstract EntriesTier tier();

  /** The topology over {@link #tier()}. */
  RegistryTopologyDriver driver() {
    return new RegistryTopologyDriver(tier(), true);
  }

  @Test
  void theSameInputGivesByteIdenticalOutputs() {
    MixedWorkload workload =
        MixedWorkload.generate(new MixedWorkload.Shape(200, 150, 80, 40, 7), "det");

    List<List<String>> first = run(workload);
    List<List<String>> second = run(workload);

    assertThat(first.get(0)).hasSize(200 + 150 + 80);
    assertThat(first.get(1)).hasSize(200 + 80);
    assertThat(first.get(2)).hasSize(40);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void contextMapOrderDoesNotChangeTheEntry() {
    Map<String, Object> forward = new LinkedHashMap<>();
    forward.put("a", 1L);
    forward.put("b", Map.of("x", true));
    forward.put("c", "three");
    Map<String, Object> backward = new LinkedHashMap<>();
    backward.put("c", "three");
    backward.put("b", Map.of("x", true));
    backward.put("a", 1L);
    try (RegistryTopologyDriver t = driver()) {
      t.send(request("r1", "Ordered", forward), 0);
      GenerationRequest reordered = request("r2", "Ordered", backward);
      t.send(reordered, 1);

      var entries = t.entries();
      assertThat(entries.get(1).getOutcome().name()).isEqualTo("UNCHANGED");
      assertThat(entries.get(1).getContentHash()).isEqualTo(entries.get(0).getContentHash());
    }
  }

  /** The outputs of {@code workload}, processed from an empty registry. */
  private List<List<String>> run(MixedWorkload workload) {
    tier().clear();
    try (RegistryTopologyDriver t = driver()) {
      long second = 0;
      for (WorkloadRequest request : workload.requests()) {
        t.sendBytes(request.key(), request.value(), second++);
      }
      List<List<String>> outputs = new ArrayList<>();
      for (String topic :
          List.of(
              TopicNames.DEFAULT_ENTRIES,
              TopicNames.DEFAULT_CONFIG_CHANGES,
              TopicNames.DEFAULT_REJECTED)) {
        outputs.add(t.readRaw(topic).stream().map(DeterminismContract::describe).toList());
      }
      return outputs;
    }
  }

  private static String describe(TestRecord<byte[], byte[]> record) {
    return java.util.HexFormat.of().formatHex(record.key() == null ? new byte[0] : record.key())
        + "/"
        + java.util.HexFormat.of().formatHex(record.value())
        + "@"
        + record.timestamp();
  }
}
