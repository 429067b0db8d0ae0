package dev.registrystreams.http;

import dev.registrystreams.app.RegistryStreamsApp;
import java.time.Duration;
import java.util.Optional;

/**
 * The application instance the server answers for. It is empty while the instance is being created
 * (the server listens before Kafka Streams starts, so that probes get an answer during a long
 * start), and set once it exists.
 */
public final class InstanceSlot {

  private volatile RegistryStreamsApp app;

  /** Sets the instance, once it exists. */
  public void set(RegistryStreamsApp instance) {
    this.app = instance;
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
