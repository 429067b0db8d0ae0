package dev.registrystreams.cli;

import org.jspecify.annotations.Nullable;

/** A mistake the user can fix: printed as one line, without a stack trace. */
public final class UserException extends RuntimeException {

  private final int exitCode;

  /** {@code message} may be another exception's, passed along as it is. */
  public UserException(@Nullable String message) {
    this(message, 1);
  }

  public UserException(@Nullable String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
