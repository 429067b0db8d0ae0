package dev.registrystreams.app;

import org.jspecify.annotations.Nullable;

/** The application could not start; the message says why in one line, for the user. */
public final class StartupException extends RuntimeException {

  /** {@code message} may be another exception's, passed along as it is. */
  public StartupException(@Nullable String message, Throwable cause) {
    super(message, cause);
  }

  public StartupException(@Nullable String message) {
    super(message);
  }
}
