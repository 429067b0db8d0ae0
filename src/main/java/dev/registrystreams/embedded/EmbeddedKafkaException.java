package dev.registrystreams.embedded;

import org.jspecify.annotations.Nullable;

/** The embedded broker could not start; the message says why in words a user can act on. */
public class EmbeddedKafkaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  EmbeddedKafkaException(String message) {
    super(message);
  }

  EmbeddedKafkaException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
