package dev.registrystreams.cli;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.store.RedisSettings;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --store}, {@code --redis-url} and {@code --redis-ca-cert}: where the entries store keeps
 * its data. {@code run} and {@code demo} run the store with them; {@code generate} reads entries
 * from Redis with them, and {@code reset} clears the application's keys there.
 */
public final class RedisOptions {

  @Option(
      names = "--store",
      paramLabel = "TIER",
      defaultValue = "${env:REGISTRY_STREAMS_STORE:-rocksdb}",
      description =
          "Durable tier of the entries store under the hot tier: ${COMPLETION-CANDIDATES}"
              + " (redis needs --redis-url). Default: ${DEFAULT-VALUE}. Env: REGISTRY_STREAMS_STORE.")
  AppConfig.EntryStore.Kind store;

  @Option(
      names = "--redis-url",
      paramLabel = "URL",
      defaultValue = "${env:REGISTRY_STREAMS_REDIS_URL}",
      description =
          "Redis for --store redis: redis://[user:password@]host:port[/db], or rediss://... for TLS."
              + " Env: REGISTRY_STREAMS_REDIS_URL.")
  @Nullable String redisUrl;

  @Option(
      names = "--redis-ca-cert",
      paramLabel = "FILE",
      defaultValue = "${env:REGISTRY_STREAMS_REDIS_CA_CERT}",
      description =
          "PEM certificate(s) to trust for rediss:// instead of the JVM's trust store."
              + " Env: REGISTRY_STREAMS_REDIS_CA_CERT.")
  @Nullable Path redisCaCert;

  /** True with {@code --store redis}. */
  boolean redis() {
    return store == AppConfig.EntryStore.Kind.redis;
  }

  /**
   * The entries store these options describe.
   *
   * @throws UserException a usage error (exit 2) for {@code --store redis} without a usable URL or
   *     certificate: the command line cannot be used as it is
   */
  AppConfig.EntryStore entryStore() {
    if (!redis()) {
      // A --redis-url without --store redis is ignored: clients (generate) read it too.
      return AppConfig.EntryStore.rocksDb();
    }
    if (redisUrl == null || redisUrl.isBlank()) {
      throw usage("--store redis needs --redis-url (or REGISTRY_STREAMS_REDIS_URL)");
    }
    if (redisCaCert != null) {
      InputFiles.checkReadable(redisCaCert, "--redis-ca-cert");
    }
    try {
      return AppConfig.EntryStore.redis(
          new RedisSettings(redisUrl, redisCaCert, RedisSettings.DEFAULT_COMMAND_TIMEOUT));
    } catch (IllegalArgumentException e) {
      // The message masks any password in the URL.
      throw usage("--redis-url: " + e.getMessage());
    }
  }

  private static UserException usage(String message) {
    return new UserException(message, RegistryStreamsCli.USAGE);
  }
}
