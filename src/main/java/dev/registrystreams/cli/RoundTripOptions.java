package dev.registrystreams.cli;

import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --request-id} and {@code --timeout} of the commands that send one request (generate,
 * config put).
 */
public final class RoundTripOptions {

  @Option(
      names = "--request-id",
      paramLabel = "ID",
      description = "Request id the answer carries back. Default: a random UUID.")
  @Nullable String requestId;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "How long to wait for the answer (30s, 2m, 500ms). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  /** The request id given, or a new random UUID. */
  String requestId() {
    return requestId != null ? requestId : UUID.randomUUID().toString();
  }
}
