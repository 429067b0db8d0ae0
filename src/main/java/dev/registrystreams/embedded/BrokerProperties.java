package dev.registrystreams.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server configuration of a single-node KRaft cluster that supports exactly-once. */
final class BrokerProperties {

  static final int NODE_ID = 1;
  static final String BROKER_LISTENER = "PLAINTEXT";
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private BrokerProperties() {}

  static Map<String, String> of(
      int brokerPort,
      int controllerPort,
      Path logDir,
      long startTimeoutMs,
      Map<String, String> overrides) {
    String host = LocalPorts.HOST;
    Map<String, String> props = new LinkedHashMap<>();

    // One process is both the broker and the only controller voter (static quorum).
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", BROKER_LISTENER);
    props.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + host
            + ":"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + host
            + ":"
            + controllerPort);
    props.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
    props.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("metadata.log.dir", logDir.toString());

    // Internal topics default to replication factor 3; with one node they could never be
    // created, and transactional producers (exactly_once_v2) would hang.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("share.coordinator.state.topic.num.partitions", "1");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");

    // A lone member need not wait for others to join before its first assignment.
    props.put("group.initial.rebalance.delay.ms", "0");
    // The application creates its topics with explicit settings; typos must fail loudly.
    props.put("auto.create.topics.enable", "false");

    // A transaction's first write to a partition right after its producer's previous commit waits
    // until that commit's markers are written; the broker re-checks after 20 ms by default, many
    // times what the markers take on one broker, and with exactly-once commits every few
    // milliseconds most transactions paid it (docs/BENCHMARKS.md, "Latency at 5,000 requests/s").
    props.put("add.partitions.to.txn.retry.backoff.ms", "1");

    // Small footprint: a dev broker should not pre-allocate or buffer hundreds of MB.
    props.put("log.segment.bytes", Integer.toString(8 * 1024 * 1024));
    props.put("offsets.topic.segment.bytes", Integer.toString(8 * 1024 * 1024));
    props.put("transaction.state.log.segment.bytes", Integer.toString(8 * 1024 * 1024));
    props.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
    props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "4");
    props.put("num.recovery.threads.per.data.dir", "1");

    // Bounds KafkaRaftServer.startup(), which otherwise waits forever for the quorum.
    props.put("server.max.startup.time.ms", Long.toString(startTimeoutMs));

    props.putAll(overrides);
    return props;
  }
}
