package dev.registrystreams.http;

import dev.registrystreams.app.RegistryStreamsApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application instance the server answers for. It is empty while the instance is being created
 * (the server listens before Kafka Streams starts, so that probes get an answer during a long
 * start), and set once it exists.
 */
public final class InstanceSlot {

  private static final Logger log = LoggerFactory.getLogger(InstanceSlot.class);

  private volatile @Nullable RegistryStreamsApp app;
  private final List<Consumer<RegistryStreamsApp>> listeners = new ArrayList<>();

  /** Sets the instance, once it exists, and tells those waiting for it. */
  public void set(RegistryStreamsApp instance) {
    List<Consumer<RegistryStreamsApp>> waiting;
    synchronized (this) {
      this.app = instance;
      waiting = List.copyOf(listeners);
      listeners.clear();
    }
    waiting.forEach(listener -> tell(listener, instance));
  }

  /**
   * Calls {@code listener} with the instance once it is set, at once if it is set already. It runs
   * on the thread that sets the instance, before Kafka Streams starts; an exception it throws is
   * logged, and does not stop the start.
   */
  public void onSet(Consumer<RegistryStreamsApp> listener) {
    RegistryStreamsApp instance;
    synchronized (this) {
      instance = app;
      if (instance == null) {
        listeners.add(listener);
        return;
      }
    }
    tell(listener, instance);
  }

  private static void tell(Consumer<RegistryStreamsApp> listener, RegistryStreamsApp instance) {
    try {
      listener.accept(instance);
    } catch (RuntimeException e) {
      log.error("A listener of the application instance failed", e);
    }
  }

  public Optional<RegistryStreamsApp> app() {
    return Optional.ofNullable(app);
  }

  /**
   * The instance, for an endpoint that needs one.
   *
   * @throws HttpProblem 503 while the instance is still being created
   */
  public RegistryStreamsApp require() {
    RegistryStreamsApp instance = app;
    if (instance == null) {
      throw HttpProblem.notReady(
          "the application is starting: connecting to Kafka", Duration.ofSeconds(2));
    }
    return instance;
  }
}
