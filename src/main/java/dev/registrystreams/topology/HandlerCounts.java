package dev.registrystreams.topology;

import dev.registrystreams.core.RejectionReason;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Kafka Streams' exception handlers, which are given no metrics, count the dead letters they
 * write: one per instance in its Streams configuration ({@link ErrorHandlers#streamsConfig}), to
 * which the instance's processors hand its {@link CountSensors} when they start. A handler only
 * runs for a record of a task whose processors have started, so the sensors are there by then.
 */
final class HandlerCounts {

  /** Streams property carrying the instance's {@link HandlerCounts}. */
  static final String CONFIG = "registry.handler.counts";

  private static final Logger log = LoggerFactory.getLogger(HandlerCounts.class);

  private volatile @Nullable CountSensors sensors;

  /** The instance in a Streams configuration, or a new one private to the caller. */
  static HandlerCounts from(Map<String, ?> configs) {
    return configs.get(CONFIG) instanceof HandlerCounts shared ? shared : new HandlerCounts();
  }

  /** Hands over the instance's sensors; every processor does, the first one counts. */
  void bind(CountSensors instanceSensors) {
    if (sensors == null) {
      sensors = instanceSensors;
    }
  }

  void deadLetter(RejectionReason reason) {
    CountSensors bound = sensors;
    if (bound == null) {
      log.warn("A {} dead letter is not counted: no processor has started yet", reason);
      return;
    }
    bound.deadLetter(reason);
  }
}
