package dev.registrystreams.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the durable tier of the entry store can be reached, as the application reports it.
 *
 * <p>Every stream thread reports every failure and every success, but only a change of state is
 * logged: one line when the durable tier goes away, one when it is back. A local RocksDB tier is
 * always {@link State#UP}.
 */
public final class StoreHealth {

  private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);

  /** Reachability of the durable tier. */
  public enum State {
    /** Reads and writes succeed. */
    UP,
    /** The last operation failed to reach it; processing waits and retries. */
    UNAVAILABLE
  }

  /** One observation: the state, since when, and the error that made it unavailable. */
  public record Status(State state, Instant since, @Nullable String lastError) {}

  private final String description;
  private final AtomicReference<Status> status;

  /**
   * @param description what the tier is, for the log line, e.g. {@code Redis at redis://h:6379};
   *     must not contain a password
   */
  public StoreHealth(String description) {
    this.description = Objects.requireNonNull(description, "description");
    this.status = new AtomicReference<>(new Status(State.UP, Instant.now(), null));
  }

  /** A health that is always up, for the local RocksDB tier. */
  public static StoreHealth alwaysUp(String description) {
    return new StoreHealth(description);
  }

  public Status status() {
    return Objects.requireNonNull(status.get(), "a health always has a status");
  }

  public State state() {
    return status().state();
  }

  public boolean isUp() {
    return state() == State.UP;
  }

  public String description() {
    return description;
  }

  /** Reports a failed attempt to reach the tier; logs only when this changes the state. */
  void unavailable(Throwable error) {
    String reason = reason(error);
    Status now = new Status(State.UNAVAILABLE, Instant.now(), reason);
    Status before = status.getAndUpdate(s -> s.state() == State.UNAVAILABLE ? s : now);
    if (before.state() == State.UP) {
      log.warn(
          "{} is unavailable ({}); processing waits and retries with back-off until it is back",
          description,
          reason);
    }
  }

  /** Reports a successful operation; logs only when the tier was unavailable before. */
  void up() {
    Status before = status();
    if (before.state() == State.UP) {
      return;
    }
    Status now = new Status(State.UP, Instant.now(), null);
    if (status.compareAndSet(before, now)) {
      log.info(
          "{} is available again after {} ms; processing resumes",
          description,
          Duration.between(before.since(), now.since()).toMillis());
    }
  }

  private static String reason(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
