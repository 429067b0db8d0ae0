package dev.registrystreams.app;

import dev.registrystreams.core.text.UserText;
import dev.registrystreams.topology.RegistryTopology;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What an {@code application.id} may be. It names the consumer group, the internal topics ({@code
 * <id>-requests-by-dedup-key-repartition}, {@code <id>-entries-changelog}), the state directory and
 * the Redis keys, so it must be a legal part of a topic name: Kafka's characters {@code
 * [a-zA-Z0-9._-]}, and short enough that the longest internal topic name stays within Kafka's 249
 * characters. Kafka Streams itself finds out only when it creates those topics, after it has joined
 * the group.
 */
public final class ApplicationIds {

  /** Kafka's longest topic name. */
  static final int MAX_TOPIC_NAME_LENGTH = 249;

  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

  /** The longest internal topic name, less the id. */
  private static final String LONGEST_SUFFIX =
      Stream.of(
              "-" + RegistryTopology.REPARTITION + "-repartition",
              "-" + RegistryTopology.ENTRIES_STORE + "-changelog")
          .max((a, b) -> Integer.compare(a.length(), b.length()))
          .orElseThrow();

  /** The longest application id whose internal topic names Kafka accepts. */
  public static final int MAX_LENGTH = MAX_TOPIC_NAME_LENGTH - LONGEST_SUFFIX.length();

  private ApplicationIds() {}

  /** True when {@code id} is a usable application id. */
  public static boolean isValid(String id) {
    return problem(id) == null;
  }

  /**
   * Why {@code id} cannot be an application id, as words that follow its name ({@code
   * --application-id ...}) on one line; null when it can.
   */
  public static @Nullable String problem(@Nullable String id) {
    if (id == null || id.isEmpty()) {
      return "must not be empty";
    }
    if (!LEGAL.matcher(id).matches()) {
      return UserText.quote(id) + " may only contain letters, digits, '.', '_' and '-'";
    }
    if (id.equals(".") || id.equals("..")) {
      // It is a directory name in the state dir too.
      return "may not be '" + id + "'";
    }
    if (id.length() > MAX_LENGTH) {
      return "is "
          + id.length()
          + " characters long; at most "
          + MAX_LENGTH
          + " fit in the name of its internal topic <id>"
          + LONGEST_SUFFIX
          + " (Kafka allows "
          + MAX_TOPIC_NAME_LENGTH
          + " characters)";
    }
    return null;
  }
}
