package dev.registrystreams.http;

import dev.registrystreams.app.RegistryStreamsApp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters the server's endpoint groups share and {@code /metrics} serves: the JVM's from the
 * start, and once the application instance exists, Kafka Streams' and its clients' metrics (the
 * store tiers' among them) and the application's own counts ({@link ApplicationCounters}).
 */
public final class RegistryMeters implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryMeters.class);

  /**
   * How often Kafka metrics that appeared since (a task's store metrics after a rebalance, say) are
   * turned into meters, and those gone are removed; values are read at every scrape.
   */
  static final Duration KAFKA_REFRESH = Duration.ofSeconds(10);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<AutoCloseable> resources = new ArrayList<>();

  // The counters' meters hold it only weakly: this field is what keeps it alive.
  @SuppressWarnings("UnusedVariable")
  private @Nullable ApplicationCounters counters;

  private boolean closed;

  private RegistryMeters() {}

  /** Meters with the JVM's bound now and the instance's once {@code slot} is set. */
  public static RegistryMeters watching(InstanceSlot slot) {
    RegistryMeters meters = new RegistryMeters();
    meters.bindJvm();
    slot.onSet(meters::bindInstance);
    return meters;
  }

  /** The registry, for endpoint groups that add meters of their own. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter in Prometheus' text format 0.0.4. */
  String scrape() {
    return registry.scrape();
  }

  private void bindJvm() {
    JvmGcMetrics gc = new JvmGcMetrics();
    resources.add(gc);
    for (MeterBinder binder :
        List.of(
            new JvmInfoMetrics(),
            new JvmMemoryMetrics(),
            gc,
            new JvmThreadMetrics(),
            new ClassLoaderMetrics(),
            new ProcessorMetrics(),
            new UptimeMetrics(),
            new FileDescriptorMetrics())) {
      binder.bindTo(registry);
    }
  }

  private synchronized void bindInstance(RegistryStreamsApp app) {
    if (closed) {
      return;
    }
    ScheduledExecutorService refresh =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "registry-streams-kafka-meters");
              t.setDaemon(true);
              return t;
            });
    resources.add(refresh::shutdownNow);
    KafkaStreamsMetrics kafka =
        new KafkaStreamsMetrics(app.streams(), List.of(), refresh, KAFKA_REFRESH);
    kafka.bindTo(registry);
    resources.add(kafka);
    counters = ApplicationCounters.register(registry, app.streams());
  }

  /** Unbinds everything and stops the refresh thread. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        log.warn("Closing a meter binder failed", e);
      }
    }
    registry.close();
  }
}
