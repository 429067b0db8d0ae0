package dev.registrystreams.cli;

import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.RegistrySchemaException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --registry-config} for commands that need the header schema but do not run the application
 * (validate, export), and part of {@link StreamsOptions} for those that do.
 */
public final class RegistryConfigOption {

  @Option(
      names = "--registry-config",
      paramLabel = "FILE",
      defaultValue = "${env:REGISTRY_STREAMS_REGISTRY_CONFIG}",
      description =
          "registry.yaml: scopes, types, variants, versions, statuses, limits and secret keys."
              + " Default: the built-in one. Env: REGISTRY_STREAMS_REGISTRY_CONFIG.")
  @Nullable Path registryConfig;

  /** The schema; a file that cannot be used is a usage error (exit 2). */
  RegistrySchema schema() {
    return schema(RegistryStreamsCli.USAGE);
  }

  /** The schema; a file that cannot be used is a one-line error with {@code exitCode}. */
  RegistrySchema schema(int exitCode) {
    if (registryConfig == null) {
      return RegistrySchema.defaults();
    }
    String text = InputFiles.read(registryConfig, "--registry-config", exitCode);
    try {
      return RegistrySchema.parse(text, registryConfig.toString());
    } catch (RegistrySchemaException e) {
      throw new UserException(e.getMessage(), exitCode);
    }
  }
}
