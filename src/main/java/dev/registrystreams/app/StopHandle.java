package dev.registrystreams.app;

import org.jspecify.annotations.Nullable;

/**
 * Stops an instance from another thread, a shutdown hook above all, at any moment: before {@link
 * RegistryStreamsApp#start} has begun, while it connects, creates topics or waits for Kafka Streams
 * to reach RUNNING, and after it has returned. A stop that comes before Kafka Streams starts keeps
 * it from starting; one that comes later closes it as {@link RegistryStreamsApp#close} does,
 * leaving the consumer group (unless membership is static), so that the next start does not wait
 * for this instance's session to time out.
 */
public final class StopHandle {

  private boolean stopped;
  private @Nullable RegistryStreamsApp app;

  /**
   * Stops the instance started with this handle, or keeps it from starting, and returns once it is
   * closed. Idempotent.
   */
  public void stop() {
    RegistryStreamsApp started;
    synchronized (this) {
      stopped = true;
      started = app;
    }
    if (started != null) {
      started.close();
    }
  }

  /** True once {@link #stop()} was called. */
  public synchronized boolean stopped() {
    return stopped;
  }

  /** Gives up a start that was stopped. */
  synchronized void throwIfStopped() {
    if (stopped) {
      throw new StartupException("stopped while starting");
    }
  }

  /**
   * Runs {@code start} (Kafka Streams' own start) unless stopped, and makes {@code app} what a stop
   * closes from then on; one lock, so that a stop comes either before and nothing starts, or after
   * and closes what started.
   */
  synchronized void startUnlessStopped(RegistryStreamsApp app, Runnable start) {
    throwIfStopped();
    this.app = app;
    start.run();
  }
}
