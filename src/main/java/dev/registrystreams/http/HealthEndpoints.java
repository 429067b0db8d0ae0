package dev.registrystreams.http;

import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.app.Restorations;
import dev.registrystreams.store.StoreHealth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * {@code /health/live}, {@code /health/ready} and {@code /health/started}: the three probes of a
 * Kubernetes pod, from the Kafka Streams state, its restorations and the durable tier's health.
 */
public final class HealthEndpoints implements HttpEndpoints {

  private static final Set<KafkaStreams.State> DEAD =
      Set.of(
          KafkaStreams.State.ERROR,
          KafkaStreams.State.PENDING_ERROR,
          KafkaStreams.State.NOT_RUNNING);
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final InstanceSlot instance;

  public HealthEndpoints(InstanceSlot instance) {
    this.instance = instance;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    HttpEndpoints.get(routes, "/health/live", Access.OPEN, this::live);
    HttpEndpoints.get(routes, "/health/ready", Access.OPEN, this::ready);
    HttpEndpoints.get(routes, "/health/started", Access.OPEN, this::started);
  }

  /** Alive unless Kafka Streams failed or stopped: a restart is what would help then. */
  private void live(Context ctx) {
    var app = instance.app();
    if (app.isEmpty()) {
      answer(ctx, 200, "starting", Map.of("state", "STARTING"));
      return;
    }
    KafkaStreams.State state = app.get().streams().state();
    if (DEAD.contains(state)) {
      String why = app.get().failure().map(f -> ": " + f).orElse("");
      throw HttpProblem.of(503, "Kafka Streams is " + state + why);
    }
    answer(ctx, 200, "live", Map.of("state", state.name()));
  }

  /**
   * Ready when running with every local store restored and the durable tier reachable: only then
   * does a lookup on this instance give the registry's current answer.
   */
  private void ready(Context ctx) {
    var app = instance.app();
    if (app.isEmpty()) {
      throw HttpProblem.notReady("the application is starting: connecting to Kafka", RETRY);
    }
    RegistryStreamsApp running = app.get();
    KafkaStreams.State state = running.streams().state();
    List<Restorations.Restoration> restoring = running.restorations().active();
    StoreHealth.Status store = running.storeHealth().status();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", state.name());
    details.put("threads", threads(running.streams()));
    details.put("restoring", restoring);
    details.put("store", store(running.storeHealth(), store));
    String notReady = null;
    if (state != KafkaStreams.State.RUNNING) {
      notReady = "Kafka Streams is " + state;
    } else if (!restoring.isEmpty()) {
      notReady = "restoring " + restoring.size() + " store partition(s) from their changelogs";
    } else if (store.state() != StoreHealth.State.UP) {
      notReady = running.storeHealth().description() + " is unavailable";
    }
    if (notReady != null) {
      ctx.header("Retry-After", Long.toString(RETRY.toSeconds()));
      answer(ctx, 503, "not ready: " + notReady, details);
      return;
    }
    answer(ctx, 200, "ready", details);
  }

  /** Started once Kafka Streams has been RUNNING: a startupProbe then hands over to the others. */
  private void started(Context ctx) {
    var app = instance.app();
    if (app.isEmpty() || !app.get().reachedRunning()) {
      throw HttpProblem.notReady("the application has not been RUNNING yet", RETRY);
    }
    answer(ctx, 200, "started", Map.of("state", app.get().streams().state().name()));
  }

  private static List<Map<String, Object>> threads(KafkaStreams streams) {
    List<Map<String, Object>> threads = new ArrayList<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", thread.threadName());
      t.put("state", thread.threadState());
      t.put("activeTasks", thread.activeTasks().size());
      t.put("standbyTasks", thread.standbyTasks().size());
      threads.add(t);
    }
    return threads;
  }

  private static Map<String, Object> store(StoreHealth health, StoreHealth.Status status) {
    Map<String, Object> store = new LinkedHashMap<>();
    store.put("tier", health.description());
    store.put("state", status.state().name());
    store.put("since", status.since().toString());
    if (status.lastError() != null) {
      store.put("lastError", status.lastError());
    }
    return store;
  }

  /**
   * A health answer: {@code status} and a one-line {@code message} (as {@code error} when it is not
   * 200, like every error of this server), then the details.
   */
  private static void answer(Context ctx, int status, String message, Map<String, Object> details) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put(status == 200 ? "message" : "error", message);
    body.putAll(details);
    ctx.status(status).json(body);
  }
}
