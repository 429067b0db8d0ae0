package dev.registrystreams.http;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.PathChange;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which config changes a feed client asked for: all of them, or those of one scope, one entry id,
 * or with a changed path under a prefix; several of these together must all hold.
 *
 * <p>A path prefix matches whole segments: {@code context.owners} matches {@code context.owners},
 * {@code context.owners.lead} and {@code context.owners[0]}, not {@code context.ownership}. A
 * matching event is passed on whole, every path change included, exactly as the topic has it.
 *
 * @param scope the scope (the header's first part), compared ignoring case; null for any
 * @param entryId the entry id, exactly; null for any
 * @param pathPrefix a path or path prefix; null for any
 */
public record ChangeFilter(
    @Nullable String scope, @Nullable String entryId, @Nullable String pathPrefix) {

  /** Every event. */
  public static final ChangeFilter ALL = new ChangeFilter(null, null, null);

  public ChangeFilter {
    scope = scope == null ? null : scope.toUpperCase(Locale.ROOT);
  }

  /** True when nothing is filtered out. */
  public boolean all() {
    return scope == null && entryId == null && pathPrefix == null;
  }

  /** True when {@code change} is one the client asked for. */
  public boolean matches(ConfigChange change) {
    if (entryId != null && !entryId.equals(change.getEntryId())) {
      return false;
    }
    if (scope != null && !scope.equals(scopeOf(change.getHeader()))) {
      return false;
    }
    String prefix = pathPrefix;
    if (prefix != null) {
      for (PathChange path : change.getChanges()) {
        if (under(path.getPath(), prefix)) {
          return true;
        }
      }
      return false;
    }
    return true;
  }

  private static boolean under(String path, String prefix) {
    if (!path.startsWith(prefix)) {
      return false;
    }
    if (path.length() == prefix.length() || prefix.endsWith(".")) {
      return true;
    }
    char next = path.charAt(prefix.length());
    return next == '.' || next == '[';
  }

  /** The first part of {@code [SCOPE][TYPE]...}, upper case. */
  private static String scopeOf(String header) {
    int end = header.indexOf(']');
    if (!header.startsWith("[") || end < 1) {
      return "";
    }
    return header.substring(1, end).toUpperCase(Locale.ROOT);
  }
}
