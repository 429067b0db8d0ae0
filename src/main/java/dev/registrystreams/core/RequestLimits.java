package dev.registrystreams.core;

/**
 * Size limits a request must respect.
 *
 * <p>{@code maxTitleLength}: code points after stripping. {@code maxContextDepth}: a flat map of
 * scalars is depth 1, each nested map or list adds one. {@code maxContextBytes}: UTF-8 bytes of
 * every key and string value plus 8 per number, boolean or null. {@code maxRequestIdLength}: code
 * points.
 */
public record RequestLimits(
    int maxTitleLength, int maxContextDepth, int maxContextBytes, int maxRequestIdLength) {

  public RequestLimits {
    requirePositive("maxTitleLength", maxTitleLength);
    requirePositive("maxContextDepth", maxContextDepth);
    requirePositive("maxContextBytes", maxContextBytes);
    requirePositive("maxRequestIdLength", maxRequestIdLength);
  }

  private static void requirePositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
