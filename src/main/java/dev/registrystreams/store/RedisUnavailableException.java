package dev.registrystreams.store;

/** Redis could not be reached or used at startup; the message says why in one line. */
public final class RedisUnavailableException extends RuntimeException {

  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
