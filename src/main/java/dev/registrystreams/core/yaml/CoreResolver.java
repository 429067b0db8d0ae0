package dev.registrystreams.core.yaml;

import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;

/**
 * The core schema's resolver, which also tells the plain scalars that are strings by their first
 * character alone.
 */
final class CoreResolver extends CoreScalarResolver {
  // The non-empty plain scalars null's pattern matches.
  private static final Set<String> NULL_WORDS = Set.of("~", "null", "Null", "NULL", " ");

  // The engine tries the patterns registered for no first character on every scalar. The core
  // schema registers two there: the empty string's, and null's (" " has no first character of its
  // own). A value that is not one of null's words is then decided by its first character; should a
  // newer engine register anything else there, no first character decides.
  private final boolean onlyNullForEveryFirst =
      String.valueOf(yamlImplicitResolvers.get(null))
          .equals(String.valueOf(List.of(tuple(EMPTY), tuple(NULL))));

  // The first characters of the engine's patterns, read once from its table.
  private final BitSet patternFirsts = patternFirsts();

  CoreResolver() {
    super(true); // with the merge key, as the core schema's own resolver
  }

  /** How the engine's table prints a null pattern: its entries are not visible to subclasses. */
  private static String tuple(Pattern pattern) {
    return "Tuple tag=" + Tag.NULL + " regexp=" + pattern;
  }

  private BitSet patternFirsts() {
    BitSet firsts = new BitSet();
    for (Character first : yamlImplicitResolvers.keySet()) {
      if (first != null) {
        firsts.set(first);
      }
    }
    return firsts;
  }

  /**
   * Whether {@code value}, a non-empty plain scalar, is a string because its first character starts
   * none of the core schema's forms.
   */
  boolean isWord(String value) {
    return onlyNullForEveryFirst
        && !patternFirsts.get(value.charAt(0))
        && !NULL_WORDS.contains(value);
  }
}
