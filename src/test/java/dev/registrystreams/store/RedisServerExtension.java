package dev.registrystreams.store;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that runs a real redis-server for a test class: register it as a static field
 * with {@code @RegisterExtension}. Fails the class with a clear message when redis-server is not
 * installed.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

  private final RedisServer.Options options;
  private RedisServer server;

  private RedisServerExtension(RedisServer.Options options) {
    this.options = options;
  }

  public static RedisServerExtension plain() {
    return new RedisServerExtension(RedisServer.Options.plain());
  }

  public static RedisServerExtension with(RedisServer.Options options) {
    return new RedisServerExtension(options);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServer.start(options);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public RedisServer server() {
    if (server == null) {
      throw new IllegalStateException("redis-server runs only while the test class runs");
    }
    return server;
  }
}
