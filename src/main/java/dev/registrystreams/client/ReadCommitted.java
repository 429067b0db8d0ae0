package dev.registrystreams.client;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;

/** The consumer settings every reader of the registry's topics uses. */
public final class ReadCommitted {

  private ReadCommitted() {}

  /**
   * The client's properties for a consumer that sees committed records only, joins no consumer
   * group and commits nothing; it polls up to 5,000 records unless the client says otherwise.
   */
  public static Properties consumerProperties(Properties clientProperties) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    return props;
  }
}
