package dev.registrystreams.core;

import java.util.List;

/** The layout of an entry's full config, as {@link EntryDocument} documents it. */
public final class FullConfig {

  /**
   * The keys of a full config, in their order: the content fields, {@code createdAt} after {@code
   * status}, then the context and the metadata.
   */
  public static final List<String> KEYS =
      List.of(
          "header",
          "title",
          "scope",
          "type",
          "version",
          "status",
          "createdAt",
          "context",
          "metadata");

  private FullConfig() {}
}
