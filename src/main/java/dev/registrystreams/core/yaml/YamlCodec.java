package dev.registrystreams.core.yaml;

import dev.registrystreams.core.text.UserText;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.DumpSettingsBuilder;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.LoadSettingsBuilder;
import org.snakeyaml.engine.v2.api.RepresentToNode;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.NonPrintableStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The one place that reads and writes YAML, so every document is written and read the same way.
 *
 * <p>Both directions use the YAML 1.2 core schema: a string that would read back as a number,
 * boolean or null (e.g. {@code "42"}, {@code "true"}, {@code "~"}) is written quoted. Strings that
 * only a YAML 1.1 reader would take for something else ({@code yes}, {@code off}, {@code
 * 2026-11-24}, {@code 0777}, {@code 1_000}, {@code 1:30}) are quoted too, so the documents read the
 * same in the many tools that still speak YAML 1.1. Output is deterministic for a given map
 * (insertion order is kept; callers sort where order must not matter), never uses anchors, keeps
 * non-ASCII text as is and never folds long lines.
 */
public final class YamlCodec {

  /** Largest document {@link #load} accepts, in code points. */
  public static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

  /** Most aliases to collections {@link #load} accepts; our own output never has any. */
  public static final int MAX_ALIASES = 10;

  /** Deepest nesting {@link #load} accepts; the parser recurses per level. */
  public static final int MAX_NESTING = 64;

  private static final DumpSettings BLOCK = dumpSettings(FlowStyle.BLOCK).setIndent(2).build();

  private static final DumpSettings FLOW =
      dumpSettings(FlowStyle.FLOW).setMultiLineFlow(false).build();

  /** What block and flow output share: plain scalars, portable types, one line per scalar. */
  private static DumpSettingsBuilder dumpSettings(FlowStyle style) {
    return DumpSettings.builder()
        .setDefaultFlowStyle(style)
        .setDefaultScalarStyle(ScalarStyle.PLAIN)
        .setSchema(new PortableDumpSchema())
        .setUseUnicodeEncoding(true)
        .setNonPrintableStyle(NonPrintableStyle.ESCAPE)
        .setDereferenceAliases(true)
        .setWidth(Integer.MAX_VALUE)
        .setSplitLines(false);
  }

  private YamlCodec() {}

  /**
   * The YAML 1.2 core schema with one resolver, instead of a new one (with its regexes) per use.
   */
  private static class ReusableCoreSchema extends CoreSchema {
    // The core schema's resolver, but a plain scalar whose first character starts no form of it
    // (most words) is a string at once, without trying its patterns: what the writer does too.
    private final ScalarResolver resolver = onlyWords(new CoreResolver());

    private static ScalarResolver onlyWords(CoreResolver core) {
      return (value, implicit) ->
          implicit && !value.isEmpty() && core.isWord(value)
              ? Tag.STR
              : core.resolve(value, implicit);
    }

    @Override
    public ScalarResolver getScalarResolver() {
      return resolver;
    }
  }

  /**
   * The standard representer, but the line-break test that picks the literal style for a string is
   * a loop rather than a regex: it runs for every string of every entry.
   */
  private static final class BlockRepresenter extends StandardRepresenter {
    BlockRepresenter(DumpSettings settings) {
      super(settings);
      representers.put(
          String.class,
          data -> {
            String text = (String) data;
            return representScalar(
                Tag.STR,
                text,
                YamlEvents.hasLineBreak(text) ? ScalarStyle.LITERAL : ScalarStyle.PLAIN);
          });
    }
  }

  /** Writes strings with line breaks double-quoted, so that a flow value stays on one line. */
  private static final class OneLineRepresenter extends StandardRepresenter {
    OneLineRepresenter(DumpSettings settings) {
      super(settings);
      RepresentToNode strings =
          Objects.requireNonNull(representers.get(String.class), "the string representer");
      representers.put(
          String.class,
          data ->
              LINE_BREAK.matcher((String) data).find()
                  ? representScalar(Tag.STR, (String) data, ScalarStyle.DOUBLE_QUOTED)
                  : strings.representData(data));
    }
  }

  private static final Pattern LINE_BREAK = Pattern.compile("[\\n\\r\\u0085\\u2028\\u2029]");

  /**
   * A {@link Dump} and the text it writes into, for one thread: a Dump keeps per-document state in
   * its representer, and the engine's own {@code dumpToString} appends to a {@link
   * java.io.StringWriter}, a synchronized StringBuffer, one small piece at a time.
   */
  private static final class Dumper implements StreamDataWriter {
    // A buffer grown past this by a huge document is not kept for the next one.
    private static final int KEPT_CAPACITY = 64 * 1024;

    private final Dump dump;
    // Null where the output is not block style: the events writer makes block documents only.
    private final @Nullable YamlEvents events;
    private StringBuilder out = new StringBuilder(1024);

    Dumper(Dump dump, @Nullable YamlEvents events) {
      this.dump = dump;
      this.events = events;
    }

    String write(@Nullable Object value) {
      if (out.capacity() > KEPT_CAPACITY) {
        out = new StringBuilder(1024);
      }
      out.setLength(0);
      if (events != null) {
        try {
          events.write(value, this);
          return out.toString();
        } catch (YamlEvents.NotPlainData e) {
          out.setLength(0);
        }
      }
      dump.dump(value, this);
      return out.toString();
    }

    @Override
    public void write(String text) {
      out.append(text);
    }

    @Override
    public void write(String text, int offset, int length) {
      out.append(text, offset, offset + length);
    }
  }

  private static final ThreadLocal<Dumper> BLOCK_DUMP =
      ThreadLocal.withInitial(
          () -> new Dumper(new Dump(BLOCK, new BlockRepresenter(BLOCK)), new YamlEvents(BLOCK)));
  private static final ThreadLocal<Dumper> FLOW_DUMP =
      ThreadLocal.withInitial(() -> new Dumper(new Dump(FLOW, new OneLineRepresenter(FLOW)), null));

  /** Writes {@code doc} as a block-style YAML document. */
  public static String dump(Map<String, Object> doc) {
    return BLOCK_DUMP.get().write(doc);
  }

  /**
   * Writes {@code item} as one item of a block list that is the value of a root key: {@code "- "}
   * and the map, exactly as {@link #dump} writes each item of such a list. Concatenated after
   * {@code "key:\n"}, the items of a non-empty list give the same text as dumping the whole map,
   * without holding the list or its text in memory.
   */
  public static String dumpListItem(Map<String, Object> item) {
    return BLOCK_DUMP.get().write(List.of(item));
  }

  /**
   * Renders one value on one line in flow style: {@code '42'} for the string, {@code 42} for the
   * number, {@code {a: 1}} for a map, {@code null} for null.
   */
  public static String flow(@Nullable Object value) {
    String text = FLOW_DUMP.get().write(value);
    // The emitter ends every document with a line break; a flow value has no other.
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  /**
   * Reads one YAML document whose root is a map with string keys. Only plain data is accepted:
   * null, booleans, integers (as Long, or BigInteger when too large), doubles, strings, lists and
   * maps with string keys. Tags that name other types, duplicate keys, more than {@value
   * #MAX_ALIASES} aliases, an alias inside the collection it names and more than {@value
   * #MAX_CODE_POINTS} code points are errors.
   *
   * @throws InvalidYamlException with a one-line message when the text is not such a document
   */
  public static Map<String, Object> load(@Nullable String yaml) {
    if (yaml == null) {
      throw new InvalidYamlException("invalid YAML: no text");
    }
    return rootMap(construct(composeGuarded(yaml)));
  }

  private static Map<String, Object> rootMap(@Nullable Object root) {
    if (!(root instanceof Map<?, ?> map)) {
      throw new InvalidYamlException(
          "invalid YAML: the document must be a map of keys to values, not "
              + (root == null ? "empty" : "a " + kind(root)));
    }
    return plainMap(map, "");
  }

  /**
   * A document read by {@link #load} together with the 1-based line of every key and list item, by
   * path: a path is the list of map keys (String) and list indexes (Integer) from the root, so
   * {@code List.of("metadata", "contentHash")} is the line of {@code contentHash:} under {@code
   * metadata:}.
   */
  public record Located(Map<String, Object> document, Map<List<Object>, Integer> lines) {

    public Located {
      lines = Map.copyOf(lines);
    }

    /** The line of {@code path}, or of its nearest ancestor that has one; 1 for the root. */
    public int line(List<Object> path) {
      for (int n = path.size(); n > 0; n--) {
        Integer line = lines.get(path.subList(0, n));
        if (line != null) {
          return line;
        }
      }
      return 1;
    }
  }

  /**
   * Reads a document like {@link #load} and also records where each key and list item starts, from
   * the parser's node marks.
   *
   * @throws InvalidYamlException as {@link #load} does, with {@link InvalidYamlException#line()}
   *     set when the parser knows the position
   */
  public static Located loadLocated(@Nullable String yaml) {
    if (yaml == null) {
      throw new InvalidYamlException("invalid YAML: no text");
    }
    // One parse: the document and the lines come from the same nodes.
    Optional<Node> root = composeGuarded(yaml);
    Map<String, Object> document = rootMap(construct(root));
    Map<List<Object>, Integer> lines = new HashMap<>();
    root.ifPresent(node -> collectLines(node, List.of(), lines));
    return new Located(document, lines);
  }

  /**
   * Adds the 1-based line of every key and list item under {@code node} to {@code out}, by path
   * from the root; {@code path} is the path of {@code node} itself.
   */
  static void collectLines(Node node, List<Object> path, Map<List<Object>, Integer> out) {
    // load() has refused deeper input already; the bound also stops at a recursive alias.
    if (path.size() > MAX_NESTING) {
      return;
    }
    if (node instanceof MappingNode map) {
      for (NodeTuple tuple : map.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
          List<Object> child = append(path, key.getValue());
          key.getStartMark().ifPresent(m -> out.putIfAbsent(child, m.getLine() + 1));
          collectLines(tuple.getValueNode(), child, out);
        }
      }
    } else if (node instanceof SequenceNode list) {
      List<Node> items = list.getValue();
      for (int i = 0; i < items.size(); i++) {
        List<Object> child = append(path, i);
        items.get(i).getStartMark().ifPresent(m -> out.putIfAbsent(child, m.getLine() + 1));
        collectLines(items.get(i), child, out);
      }
    }
  }

  static List<Object> append(List<Object> path, Object segment) {
    List<Object> longer = new ArrayList<>(path.size() + 1);
    longer.addAll(path);
    longer.add(segment);
    return List.copyOf(longer);
  }

  static int line(YamlEngineException e) {
    if (e instanceof MarkedYamlEngineException marked) {
      return marked.getProblemMark().or(marked::getContextMark).map(m -> m.getLine() + 1).orElse(0);
    }
    return 0;
  }

  /**
   * Reads one value written by {@link #flow}: a scalar, or a list or map in flow style. The same
   * rules as {@link #load} apply to what it may contain.
   *
   * @throws InvalidYamlException with a one-line message when the text is not such a value
   */
  public static @Nullable Object loadValue(@Nullable String flowText) {
    if (flowText == null) {
      throw new InvalidYamlException("invalid YAML: no text");
    }
    Object value;
    try {
      value = construct(composeGuarded(flowText));
    } catch (InvalidYamlException e) {
      // A value on a command line has no lines to speak of.
      throw new InvalidYamlException(
          Objects.requireNonNull(e.getMessage(), "every InvalidYamlException has a message"),
          e.getCause());
    }
    return plainValue(value, "value");
  }

  /**
   * Reads a value typed on a command line ({@code key=VALUE}). Text that starts with {@code [},
   * <code>{</code>, {@code '} or {@code "} is read as a YAML flow value ({@code [a, b]}, {@code
   * '42'}); other text is a plain scalar resolved by the YAML 1.2 core schema ({@code 42} is a
   * number, {@code true} a boolean, {@code null} and {@code ~} null) and otherwise stays the exact
   * string, {@code a: b} included. The empty text is the empty string.
   */
  public static @Nullable Object loadCommandLineValue(String text) {
    if (text.isEmpty()) {
      return "";
    }
    char first = text.charAt(0);
    if (first == '[' || first == '{' || first == '\'' || first == '"') {
      return loadValue(text);
    }
    Tag tag = new CoreSchema().getScalarResolver().resolve(text, true);
    return Tag.STR.equals(tag) ? text : loadValue(text);
  }

  // Built once, at class initialisation: the settings object is immutable once built.
  private static final LoadSettings LOAD_SETTINGS = loadSettings();

  private static LoadSettings loadSettings() {
    return loadSettingsBuilder().setCodePointLimit(MAX_CODE_POINTS).build();
  }

  /**
   * The settings of {@link YamlPieces}: the same, but without a limit on the whole stream, which
   * bounds each piece it reads itself.
   */
  static final LoadSettings STREAM_SETTINGS =
      loadSettingsBuilder().setCodePointLimit(Integer.MAX_VALUE).build();

  private static LoadSettingsBuilder loadSettingsBuilder() {
    return LoadSettings.builder()
        .setSchema(new ReusableCoreSchema())
        .setAllowDuplicateKeys(false)
        .setAllowRecursiveKeys(false)
        .setMaxAliasesForCollections(MAX_ALIASES)
        .setUseMarks(true);
  }

  /**
   * Parses one document into nodes, refusing input nested deeper than {@value #MAX_NESTING} levels
   * as its events arrive: before the composer, which recurses once per level, goes that deep. A
   * recursive alias is refused there too: the engine would build a collection that holds itself,
   * which no walk of plain data ends. Otherwise exactly what {@code Load.loadFromString} does
   * before constructing.
   */
  private static Optional<Node> composeGuarded(String yaml) {
    LoadSettings settings = LOAD_SETTINGS;
    try {
      Parser events =
          new DepthLimitedParser(new ParserImpl(settings, new StreamReader(settings, yaml)));
      return new Composer(settings, events).getSingleNode();
    } catch (YamlEngineException e) {
      throw new InvalidYamlException("invalid YAML: " + describe(e), line(e), e);
    }
  }

  /** The Java value of a composed document (null when empty), with the load settings' rules. */
  static @Nullable Object construct(Optional<Node> root) {
    return construct(root, LOAD_SETTINGS);
  }

  static @Nullable Object construct(Optional<Node> root, LoadSettings settings) {
    try {
      return new StandardConstructor(settings).constructSingleDocument(root);
    } catch (YamlEngineException e) {
      throw new InvalidYamlException("invalid YAML: " + describe(e), line(e), e);
    }
  }

  /**
   * A parser that keeps the open maps and lists, refuses to go deeper than the limit and refuses an
   * alias to one of them.
   */
  static final class DepthLimitedParser implements Parser {
    private final Parser parser;
    // Start events of the maps and lists not ended yet, innermost first.
    private final ArrayDeque<Event> open = new ArrayDeque<>();
    // The node event each anchor names: the last one that set it.
    private final Map<Anchor, Event> anchors = new HashMap<>();

    DepthLimitedParser(Parser parser) {
      this.parser = parser;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
      return parser.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
      return parser.peekEvent();
    }

    @Override
    public boolean hasNext() {
      return parser.hasNext();
    }

    @Override
    public Event next() {
      Event event = parser.next();
      Event.ID id = event.getEventId();
      if (id == Event.ID.MappingStart || id == Event.ID.SequenceStart) {
        if (open.size() >= MAX_NESTING) {
          throw new InvalidYamlException(
              "invalid YAML: nested deeper than "
                  + MAX_NESTING
                  + " levels"
                  + event.getStartMark().map(YamlCodec::at).orElse(""),
              event.getStartMark().map(m -> m.getLine() + 1).orElse(0),
              null);
        }
        open.push(event);
        anchor(event);
      } else if (id == Event.ID.MappingEnd || id == Event.ID.SequenceEnd) {
        open.pop();
      } else if (id == Event.ID.Scalar) {
        anchor(event);
      } else if (id == Event.ID.Alias) {
        Anchor alias = ((AliasEvent) event).getAlias();
        Event target = anchors.get(alias);
        if (open.stream().anyMatch(e -> e == target)) {
          throw new InvalidYamlException(
              "invalid YAML: alias *"
                  + alias.getValue()
                  + " is inside the collection it names"
                  + event.getStartMark().map(YamlCodec::at).orElse(""),
              event.getStartMark().map(m -> m.getLine() + 1).orElse(0),
              null);
        }
      }
      return event;
    }

    private void anchor(Event event) {
      ((NodeEvent) event).getAnchor().ifPresent(anchor -> anchors.put(anchor, event));
    }
  }

  private static Map<String, Object> plainMap(Map<?, ?> map, String path) {
    Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new InvalidYamlException(
            "invalid YAML: key "
                + UserText.quote(String.valueOf(e.getKey()))
                + (path.isEmpty() ? "" : " under " + UserText.quote(path))
                + " is a "
                + kind(e.getKey())
                + "; keys must be strings");
      }
      out.put(key, plainValue(e.getValue(), path.isEmpty() ? key : path + "." + key));
    }
    return out;
  }

  /**
   * {@code value} as plain data: Integer becomes Long, maps keep their order; anything else than
   * null, booleans, numbers, strings, lists and string-keyed maps is an error naming {@code path}.
   */
  static @Nullable Object plainValue(@Nullable Object value, String path) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Long
        || value instanceof Double
        || value instanceof BigInteger) {
      return value;
    }
    if (value instanceof Integer i) {
      // The core schema reads small integers as Integer; the domain uses Long throughout.
      return i.longValue();
    }
    if (value instanceof Map<?, ?> map) {
      return plainMap(map, path);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(plainValue(list.get(i), path + "[" + i + "]"));
      }
      return out;
    }
    throw new InvalidYamlException(
        "invalid YAML: value at "
            + UserText.quote(path)
            + " is a "
            + kind(value)
            + "; only strings, numbers, booleans, null, lists and maps are allowed");
  }

  static String kind(@Nullable Object value) {
    if (value == null) {
      return "null"; // a key such as "~: x" or ": x"
    }
    if (value instanceof Map) {
      return "map";
    }
    if (value instanceof List) {
      return "list";
    }
    if (value instanceof byte[]) {
      return "binary value";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof java.util.Set) {
      return "set";
    }
    return value.getClass().getSimpleName();
  }

  /** One line: the problem and where it is, without the multi-line snippet the engine adds. */
  static String describe(YamlEngineException e) {
    if (e instanceof MarkedYamlEngineException marked) {
      StringBuilder out = new StringBuilder();
      if (marked.getContext() != null && !marked.getContext().isEmpty()) {
        out.append(marked.getContext()).append(": ");
      }
      out.append(marked.getProblem() == null ? "malformed document" : marked.getProblem());
      marked.getProblemMark().or(marked::getContextMark).ifPresent(m -> out.append(at(m)));
      return oneLine(out.toString());
    }
    return oneLine(String.valueOf(e.getMessage()));
  }

  static String at(Mark mark) {
    return " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", "; ").strip();
  }
}
