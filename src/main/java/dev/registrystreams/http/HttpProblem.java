package dev.registrystreams.http;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An answer other than success, thrown by an endpoint and written by the server as JSON {@code
 * {"error": "...", "status": N}}: the message is for the caller and never carries a stack trace.
 */
public final class HttpProblem extends RuntimeException {

  private final int status;
  private final String message;
  private final @Nullable Duration retryAfter;
  private final Map<String, Object> details;

  private HttpProblem(int status, String message, @Nullable Duration retryAfter) {
    this(status, message, retryAfter, Map.of());
  }

  private HttpProblem(
      int status, String message, @Nullable Duration retryAfter, Map<String, Object> details) {
    super(message, null, false, false);
    this.message = message;
    this.status = status;
    this.retryAfter = retryAfter;
    this.details = details;
  }

  /**
   * {@code status} with fields of its own beside {@code error} and {@code status} (a request id, a
   * reason), in the order given, and a {@code Retry-After} when {@code retryAfter} is not null.
   */
  public static HttpProblem withDetails(
      int status, String message, @Nullable Duration retryAfter, Map<String, Object> details) {
    return new HttpProblem(status, message, retryAfter, details);
  }

  /** 400: a query or path parameter that cannot be used, named in the message. */
  public static HttpProblem badParameter(String name, String why) {
    return new HttpProblem(400, "parameter '" + name + "' " + why, null);
  }

  /** 404: nothing at this path or under this key. */
  public static HttpProblem notFound(String message) {
    return new HttpProblem(404, message, null);
  }

  /** 503 with {@code Retry-After}: the instance cannot answer yet, for the reason given. */
  public static HttpProblem notReady(String reason, Duration retryAfter) {
    return new HttpProblem(503, reason, retryAfter);
  }

  /** Any other status. */
  public static HttpProblem of(int status, String message) {
    return new HttpProblem(status, message, null);
  }

  /** The message for the caller, never null. */
  @Override
  public String getMessage() {
    return message;
  }

  public int status() {
    return status;
  }

  /** Fields the answer carries beside {@code error} and {@code status}. */
  public Map<String, Object> details() {
    return details;
  }

  /** How long the caller should wait before asking again, for a 503 or 429; null otherwise. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
