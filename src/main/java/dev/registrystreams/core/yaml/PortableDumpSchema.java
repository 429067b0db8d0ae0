package dev.registrystreams.core.yaml;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Resolves plain scalars for the writer only: the core schema, plus YAML 1.1 booleans, timestamps
 * and number forms, which are reported as a non-string tag so the writer quotes a string that looks
 * like one.
 */
final class PortableDumpSchema extends CoreSchema {
  /** What a string that only a YAML 1.1 reader takes for something else resolves to. */
  static final Tag YAML11_ONLY = new Tag("tag:yaml.org,2002:yaml11");

  // Every YAML11_SCALAR match starts with one of these; most strings are ruled out by this alone.
  private static final String YAML11_FIRST = "yYnNoO=<0123456789+-.";
  private static final Pattern YAML11_SCALAR =
      Pattern.compile(
          "y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|=|<<"
              + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?"
              // YAML 1.1 int and float forms, as resolved by PyYAML.
              + "|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
              + "|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+"
              + "|[-+]?([0-9][0-9_]*)\\.[0-9_]*([eE][-+][0-9]+)?|\\.[0-9_]+([eE][-+][0-9]+)?"
              + "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*"
              + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  private static final int CACHED_LENGTH = 32;
  private static final int CACHED_VALUES = 4096;

  // Built once: the core schema builds a new resolver, with its regexes, on every call.
  private final CoreResolver core = new CoreResolver();
  private final ScalarResolver resolver = wordsFirst(core, knownForms(cached(portable(core))));

  @Override
  public ScalarResolver getScalarResolver() {
    return resolver;
  }

  /**
   * Most keys and values of an entry are words: a plain scalar whose first character starts no YAML
   * 1.2 or 1.1 form is a string, with no pattern matched and nothing cached.
   */
  private static ScalarResolver wordsFirst(CoreResolver core, ScalarResolver resolver) {
    return (value, implicit) -> {
      if (implicit
          && !value.isEmpty()
          && YAML11_FIRST.indexOf(value.charAt(0)) < 0
          && core.isWord(value)) {
        return Tag.STR;
      }
      return resolver.resolve(value, implicit);
    };
  }

  /**
   * Timestamps, hex digests and text that only starts like a number are told by their characters:
   * they are fresh in every entry, so the cache would only miss and the patterns always run.
   */
  private static ScalarResolver knownForms(ScalarResolver resolver) {
    return (value, implicit) -> {
      if (implicit) {
        Tag known = KnownScalarForms.tagOf(value);
        if (known != null) {
          return known;
        }
      }
      return resolver.resolve(value, implicit);
    };
  }

  private static ScalarResolver portable(ScalarResolver core) {
    return (value, implicit) -> {
      Tag tag = core.resolve(value, implicit);
      if (Tag.STR.equals(tag)
          && implicit
          && !value.isEmpty()
          && YAML11_FIRST.indexOf(value.charAt(0)) >= 0
          && YAML11_SCALAR.matcher(value).matches()) {
        return YAML11_ONLY;
      }
      return tag;
    };
  }

  /**
   * Remembers the answer for short plain scalars: keys and common values recur in every entry, and
   * each answer costs several regex matches. Bounded; cleared when full.
   */
  private static ScalarResolver cached(ScalarResolver resolver) {
    Map<String, Tag> answers = new ConcurrentHashMap<>();
    return (value, implicit) -> {
      if (!implicit || value.length() > CACHED_LENGTH) {
        return resolver.resolve(value, implicit);
      }
      Tag tag = answers.get(value);
      if (tag == null) {
        tag = resolver.resolve(value, true);
        if (answers.size() >= CACHED_VALUES) {
          answers.clear();
        }
        answers.put(value, tag);
      }
      return tag;
    };
  }
}
