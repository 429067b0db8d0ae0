package dev.registrystreams.store;

import dev.registrystreams.core.UrlCredentials;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the Redis durable tier is and how to talk to it.
 *
 * @param url {@code redis://[user:password@]host:port[/db]} or {@code rediss://...} for TLS
 * @param caCertificate PEM file of the certificate authority that signed the server's TLS
 *     certificate, or null for the JVM's default trust store
 * @param commandTimeout how long one command may take before it counts as a failure and is retried
 */
public record RedisSettings(String url, @Nullable Path caCertificate, Duration commandTimeout) {

  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

  public RedisSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    validate(url);
  }

  /** {@code url} with the default command timeout and the JVM's trust store. */
  public static RedisSettings of(String url) {
    return new RedisSettings(url, null, DEFAULT_COMMAND_TIMEOUT);
  }

  /** True for {@code rediss://}. */
  public boolean tls() {
    return url.startsWith("rediss://");
  }

  /** The URL with its password replaced by {@code ******}: the only form that may be printed. */
  public String maskedUrl() {
    return mask(url);
  }

  @Override
  public String toString() {
    return "RedisSettings[url=" + maskedUrl() + ", caCertificate=" + caCertificate + "]";
  }

  /**
   * {@code url} with any password in its user info replaced by {@code ******}: the rule context
   * values are masked by, so a URL reads the same in a log line and in an entry. {@code
   * redis://secret@host}, a password without a user name (Redis before ACLs), is masked whole.
   */
  public static String mask(String url) {
    return UrlCredentials.mask(url);
  }

  private static void validate(String url) {
    if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      throw new IllegalArgumentException(
          "a Redis URL starts with redis:// or rediss:// (TLS), not " + mask(url));
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid Redis URL: " + mask(url));
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("the Redis URL names no host: " + mask(url));
    }
    String path = uri.getPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      String db = path.substring(1);
      if (!db.chars().allMatch(Character::isDigit) || db.length() > 5) {
        throw new IllegalArgumentException(
            "the Redis URL's path must be a database number (/0, /1, ...): " + mask(url));
      }
    }
  }
}
