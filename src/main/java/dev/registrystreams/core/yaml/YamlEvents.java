package dev.registrystreams.core.yaml;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.emitter.Emitter;
import org.snakeyaml.engine.v2.events.DocumentEndEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ImplicitTuple;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceEndEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.events.StreamEndEvent;
import org.snakeyaml.engine.v2.events.StreamStartEvent;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

/**
 * Writes plain data (maps, lists, strings, numbers, booleans, null) as one block YAML document by
 * handing snakeyaml-engine's emitter the events its representer and serializer would make from it,
 * without building the node graph in between. The emitter still decides every style, quote and
 * escape; {@code YamlCodecEquivalenceTest} holds the output to the full dump's, byte for byte.
 */
final class YamlEvents {

  /** A value this writer does not represent; the caller falls back to the full dump. */
  static final class NotPlainData extends RuntimeException {
    NotPlainData() {
      super(null, null, false, false);
    }
  }

  // Deeper documents go through the full dump, which refuses recursive structures with a reason.
  private static final int MAX_DEPTH = 256;
  private static final Optional<String> MAP = Optional.of(Tag.MAP.getValue());
  private static final Optional<String> SEQ = Optional.of(Tag.SEQ.getValue());
  // The tags of the scalars this writer makes, each wrapped once rather than once a scalar.
  private static final Map<Tag, Optional<String>> SCALAR_TAGS =
      Map.of(
          Tag.STR, Optional.of(Tag.STR.getValue()),
          Tag.INT, Optional.of(Tag.INT.getValue()),
          Tag.FLOAT, Optional.of(Tag.FLOAT.getValue()),
          Tag.BOOL, Optional.of(Tag.BOOL.getValue()),
          Tag.NULL, Optional.of(Tag.NULL.getValue()));
  private static final ImplicitTuple[] IMPLICIT = {
    new ImplicitTuple(false, false),
    new ImplicitTuple(false, true),
    new ImplicitTuple(true, false),
    new ImplicitTuple(true, true)
  };
  // How the core schema reads back the text of null, a boolean or an integer: as the type it was
  // written from when plain, as a string when quoted. Known without asking the resolver.
  private static final ImplicitTuple READS_AS_WRITTEN = implicit(true, false);

  // The longest tag a scalar of this writer carries, as the emitter prints it: "!!float".
  private static final int LONGEST_PRINTED_TAG = 7;

  private final DumpSettings settings;
  private final ScalarResolver resolver;
  // Scalars shorter than this are simple keys with or without their tag; see untagged().
  private final int untaggedKeyBound;
  // Set by write() for the document being written.
  private @Nullable Emitter emitter;

  YamlEvents(DumpSettings settings) {
    this.settings = settings;
    this.resolver = settings.getSchema().getScalarResolver();
    this.untaggedKeyBound = settings.getMaxSimpleKeyLength() - LONGEST_PRINTED_TAG;
  }

  /**
   * Writes {@code document} to {@code out}.
   *
   * @throws NotPlainData when the document holds anything but plain data, or nests too deep
   */
  void write(@Nullable Object document, StreamDataWriter out) {
    emitter = new Emitter(settings, out);
    emit(new StreamStartEvent());
    emit(
        new DocumentStartEvent(
            settings.isExplicitStart(), settings.getYamlDirective(), settings.getTagDirective()));
    value(document, 0);
    emit(new DocumentEndEvent(settings.isExplicitEnd()));
    emit(new StreamEndEvent());
  }

  private void emit(Event event) {
    Objects.requireNonNull(emitter, "write() sets the emitter").emit(event);
  }

  private void value(@Nullable Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new NotPlainData();
    }
    if (value instanceof Map<?, ?> map) {
      emit(
          new MappingStartEvent(
              Optional.empty(),
              MAP,
              true,
              settings.getDefaultFlowStyle(),
              Optional.empty(),
              Optional.empty()));
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        value(entry.getKey(), depth + 1);
        value(entry.getValue(), depth + 1);
      }
      emit(new MappingEndEvent());
    } else if (value instanceof List<?> list) {
      emit(new SequenceStartEvent(Optional.empty(), SEQ, true, settings.getDefaultFlowStyle()));
      for (Object item : list) {
        value(item, depth + 1);
      }
      emit(new SequenceEndEvent());
    } else if (value == null) {
      scalar(Tag.NULL, "null", READS_AS_WRITTEN);
    } else if (value instanceof String text) {
      // As the codec's block representer: literal style for text with line breaks.
      scalar(Tag.STR, text, hasLineBreak(text) ? ScalarStyle.LITERAL : ScalarStyle.PLAIN, depth);
    } else if (value instanceof Boolean bool) {
      scalar(Tag.BOOL, bool ? "true" : "false", READS_AS_WRITTEN);
    } else if (value instanceof Number number) {
      number(number, depth);
    } else {
      throw new NotPlainData();
    }
  }

  /** As the standard representer writes numbers. */
  private void number(Number number, int depth) {
    if (number instanceof Long
        || number instanceof Integer
        || number instanceof Short
        || number instanceof Byte
        || number instanceof BigInteger) {
      scalar(Tag.INT, number.toString(), READS_AS_WRITTEN);
    } else if (number.equals(Double.NaN) || number.equals(Float.NaN)) {
      scalar(Tag.FLOAT, ".nan", ScalarStyle.PLAIN, depth);
    } else if (number.equals(Double.POSITIVE_INFINITY) || number.equals(Float.POSITIVE_INFINITY)) {
      scalar(Tag.FLOAT, ".inf", ScalarStyle.PLAIN, depth);
    } else if (number.equals(Double.NEGATIVE_INFINITY) || number.equals(Float.NEGATIVE_INFINITY)) {
      scalar(Tag.FLOAT, "-.inf", ScalarStyle.PLAIN, depth);
    } else {
      scalar(Tag.FLOAT, number.toString(), ScalarStyle.PLAIN, depth);
    }
  }

  /** As the serializer makes a scalar event of a scalar node. */
  private void scalar(Tag tag, String value, ScalarStyle style, int depth) {
    ScalarStyle chosen = style == ScalarStyle.PLAIN ? settings.getDefaultScalarStyle() : style;
    ImplicitTuple implicit =
        implicit(
            tag.equals(resolver.resolve(value, true)), tag.equals(resolver.resolve(value, false)));
    Optional<String> tagName =
        depth > 0 && untagged(implicit, value) ? Optional.empty() : tagName(tag);
    emit(new ScalarEvent(Optional.empty(), tagName, implicit, value, chosen));
  }

  /**
   * Whether the scalar's event can go without its tag and be written the same. A scalar that reads
   * back as its type when quoted never has its tag printed (the emitter quotes it whenever it
   * cannot be plain), but the emitter still formats the tag of every mapping key, to count it
   * toward the simple key's length limit: a key well below the limit is simple either way. (A
   * document that is one scalar keeps its tag: without one, an empty scalar starts with "---".)
   */
  private boolean untagged(ImplicitTuple implicit, String value) {
    return implicit.canOmitTagInNonPlainScalar() && value.length() < untaggedKeyBound;
  }

  /** A plain scalar whose resolution is known already. */
  private void scalar(Tag tag, String value, ImplicitTuple implicit) {
    emit(
        new ScalarEvent(
            Optional.empty(), tagName(tag), implicit, value, settings.getDefaultScalarStyle()));
  }

  /** One of the four tuples there are; they are immutable, so every scalar can share them. */
  private static ImplicitTuple implicit(boolean plain, boolean nonPlain) {
    return IMPLICIT[(plain ? 2 : 0) + (nonPlain ? 1 : 0)];
  }

  private static Optional<String> tagName(Tag tag) {
    return Objects.requireNonNull(SCALAR_TAGS.get(tag), "a tag of a plain scalar");
  }

  static boolean hasLineBreak(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\u0085') {
        return true;
      }
    }
    return false;
  }
}
