package dev.registrystreams;

import java.time.Duration;
import java.util.Objects;

/**
 * The one place test code lets time pass on purpose. A test that waits for something to happen
 * waits for it with Awaitility; this is for the pauses that are themselves part of what is tested:
 * pacing a load at a rate, holding a fault for a while, a random delay before a kill, a kubelet's
 * probe period. {@code ArchitectureTest} refuses {@code Thread.sleep} in test code anywhere else.
 */
public final class Pause {

  private Pause() {}

  /**
   * Lets {@code duration} pass, deliberately.
   *
   * @param reason why time must pass here, for the reader and for the message if the pause is
   *     interrupted
   * @throws IllegalStateException when the thread is interrupted (its interrupt flag is set again)
   */
  public static void deliberately(Duration duration, String reason) {
    Objects.requireNonNull(reason, "reason");
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pausing to " + reason, e);
    }
  }
}
