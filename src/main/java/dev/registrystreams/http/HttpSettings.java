package dev.registrystreams.http;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the HTTP server listens, who may read data from it, and whether and how it takes writes.
 *
 * @param host the address to bind, {@code 0.0.0.0} for every interface
 * @param port the port, or 0 for a free one
 * @param token the bearer token the data and write endpoints require; null leaves them open
 * @param writes the write endpoints' bounds, and whether they are on without a token
 */
public record HttpSettings(String host, int port, @Nullable String token, WriteSettings writes) {

  /** Read-only unless a token is set, writes bounded by the defaults. */
  public HttpSettings(String host, int port, @Nullable String token) {
    this(host, port, token, WriteSettings.defaults());
  }

  public HttpSettings {
    if (writes == null) {
      writes = WriteSettings.defaults();
    }
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

  /**
   * Whether the write endpoints are served: with a token (which they then need), or without one
   * when {@link WriteSettings#allowWithoutToken()} says so; otherwise they are 405, as every write
   * is on a read-only server.
   */
  public boolean writesOn() {
    return token != null || writes.allowWithoutToken();
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
        + ", writes="
        + writes
        + "]";
  }
}
