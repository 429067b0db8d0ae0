package dev.registrystreams.topology;

import java.util.List;

/** The application's four topics. Every name is configurable. */
public record TopicNames(String requests, String entries, String configChanges, String rejected) {

  public static final String DEFAULT_REQUESTS = "registry.requests";
  public static final String DEFAULT_ENTRIES = "registry.entries";
  public static final String DEFAULT_CONFIG_CHANGES = "registry.config-changes";
  public static final String DEFAULT_REJECTED = "registry.rejected";

  public TopicNames {
    if (List.of(requests, entries, configChanges, rejected).stream().distinct().count() != 4) {
      throw new IllegalArgumentException(
          "the requests, entries, config-changes and rejected topics must be four different topics");
    }
  }

  /** registry.requests, registry.entries, registry.config-changes, registry.rejected */
  public static TopicNames defaults() {
    return new TopicNames(
        DEFAULT_REQUESTS, DEFAULT_ENTRIES, DEFAULT_CONFIG_CHANGES, DEFAULT_REJECTED);
  }

  /** All four, in the order requests, entries, config-changes, rejected. */
  public List<String> all() {
    return List.of(requests, entries, configChanges, rejected);
  }
}
