package dev.registrystreams.embedded;

import java.net.BindException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Turns what Kafka throws during startup into one sentence a user can act on. */
final class StartFailures {

  private StartFailures() {}

  /** A port was taken between picking it and Kafka binding it; worth another attempt. */
  static final class PortTakenException extends EmbeddedKafkaException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The readable exception for {@code e}; the original stays attached as the cause. */
  static EmbeddedKafkaException describe(Throwable e, int brokerPort) {
    if (e instanceof EmbeddedKafkaException known) {
      return known;
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new EmbeddedKafkaException("interrupted while starting the embedded Kafka broker", e);
    }
    Throwable bindFailure = causeOf(e, BindException.class);
    if (bindFailure != null) {
      // Kafka's wrapper of the BindException is the one that names the address.
      return new PortTakenException(
          "Embedded Kafka broker cannot listen: " + messageAbove(e, bindFailure), e);
    }
    Throwable root = rootCause(e);
    return new EmbeddedKafkaException(
        "Embedded Kafka broker failed to start on "
            + LocalPorts.HOST
            + ":"
            + brokerPort
            + ": "
            + Objects.requireNonNullElse(root.getMessage(), root.getClass().getSimpleName()),
        e);
  }

  private static @Nullable Throwable causeOf(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  /** The message of the exception that directly wraps {@code cause}, else the cause's own. */
  private static @Nullable String messageAbove(Throwable e, Throwable cause) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getCause() == cause && t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return cause.getMessage();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
