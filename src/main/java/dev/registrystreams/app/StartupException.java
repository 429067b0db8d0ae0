package dev.registrystreams.app;

/** The application could not start; the message says why in one line, for the user. */
public final class StartupException extends RuntimeException {

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }

  public StartupException(String message) {
    super(message);
  }
}
