package dev.registrystreams.http;

import java.util.Optional;

/**
 * Where the HTTP server listens and who may read data from it.
 *
 * @param host the address to bind, {@code 0.0.0.0} for every interface
 * @param port the port, or 0 for a free one
 * @param token the bearer token the data endpoints require; null leaves them open
 */
public record HttpSettings(String host, int port, String token) {

  public HttpSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("HTTP port must be 0..65535, not " + port);
    }
    if (token != null && token.isBlank()) {
      token = null;
    }
  }

  public Optional<String> bearerToken() {
    return Optional.ofNullable(token);
  }

  /** The token never shows, in a log line or an exception message that prints these settings. */
  @Override
  public String toString() {
    return "HttpSettings[host="
        + host
        + ", port="
        + port
        + ", token="
        + (token == null ? "none" : "****")
        + "]";
  }
}
