package dev.registrystreams.core.yaml;

import dev.registrystreams.core.text.UserText;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.DocumentEndEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.StreamEndEvent;
import org.snakeyaml.engine.v2.events.StreamStartEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.ScannerImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads one YAML document whose root is a map from a {@link Reader}, a piece at a time: each root
 * key, the value of a key whole, or the items of a list value one by one. Memory is bounded by the
 * largest piece, not by the document, so a list of a million items reads like one of ten.
 *
 * <p>The rules of {@link YamlCodec#load} hold for every piece: plain data only, no duplicate keys,
 * at most {@value YamlCodec#MAX_ALIASES} aliases to collections in a piece, nesting at most {@value
 * YamlCodec#MAX_NESTING} levels from the root. The whole document has no size limit; instead each
 * piece (a key, a value read whole, or one list item) may be at most {@value #MAX_PIECE_CHARS}
 * characters. An anchor is known only within its piece: an alias to an anchor of another piece is
 * an error, which {@link YamlCodec#dump} output never has (it writes no anchors).
 *
 * <p>Every problem is an {@link InvalidYamlException} with a one-line message and its line; after
 * one the reader cannot go on. A failure of the underlying reader (not UTF-8, say) is an {@link
 * UncheckedIOException} with that cause. Not thread-safe.
 */
public final class YamlPieces implements AutoCloseable {

  /** Largest piece read, in UTF-16 characters (read-ahead of the parser included). */
  public static final int MAX_PIECE_CHARS = 1024 * 1024;

  /**
   * One piece: its value as plain data, the 1-based line it starts on, and the line of every key
   * and list item in it by path from the document root (the piece's own path included).
   */
  public record Piece(@Nullable Object value, int line, Map<List<Object>, Integer> lines) {}

  private static final String MAP_TAG = Tag.MAP.getValue();
  private static final String SEQ_TAG = Tag.SEQ.getValue();

  private final LoadSettings settings = YamlCodec.STREAM_SETTINGS;
  private final ScalarResolver resolver = settings.getSchema().getScalarResolver();
  // Reused as the engine's Load reuses its own: it forgets each document when done with it.
  private final StandardConstructor constructor = new StandardConstructor(settings);
  private final BudgetReader input;
  private final StreamReader stream;
  private final Parser events;

  private boolean started;
  private boolean ended;
  private final Set<String> keys = new HashSet<>();
  private @Nullable String key;
  private int keyLine;
  private boolean valuePending;
  private boolean inList;
  private int itemIndex;

  public YamlPieces(Reader reader) {
    this.input = new BudgetReader(reader, MAX_PIECE_CHARS);
    this.stream = new StreamReader(settings, input);
    this.events =
        new YamlCodec.DepthLimitedParser(
            new ParserImpl(settings, new ScannerImpl(settings, stream)));
  }

  /**
   * Moves to the next root key, skipping what is left of the current key's value.
   *
   * @return the key, or null after the last one (the end of the document)
   * @throws InvalidYamlException when the document is not a map, a key is not a string or is
   *     repeated, or the text is not YAML
   */
  public @Nullable String nextKey() {
    return guarded(this::advanceKey);
  }

  /** The line of the current key. */
  public int keyLine() {
    return keyLine;
  }

  /**
   * Whether the current key's value is a list, to be read with {@link #nextItem}; otherwise it is
   * read with {@link #value}. An anchored or tagged list is read whole, as a value.
   */
  public boolean atList() {
    return guarded(
        () -> {
          requireValue();
          return inList || streamableList(events.peekEvent());
        });
  }

  /**
   * The current key's value, whole.
   *
   * @throws IllegalStateException when it is a list being read item by item, or was read already
   */
  public Piece value() {
    return guarded(
        () -> {
          String key = requireValue();
          if (inList) {
            throw new IllegalStateException("the value of " + key + " is being read as a list");
          }
          valuePending = false;
          return piece(List.of(key), key);
        });
  }

  /**
   * The next item of the current key's list.
   *
   * @return the item, or null after the last one
   */
  public @Nullable Piece nextItem() {
    return guarded(
        () -> {
          String key = requireKey();
          if (!inList) {
            requireValue();
            if (!streamableList(events.peekEvent())) {
              throw new IllegalStateException("the value of " + key + " is not a list");
            }
            events.next();
            inList = true;
            itemIndex = 0;
          }
          if (!valuePending) {
            return null;
          }
          if (events.checkEvent(Event.ID.SequenceEnd)) {
            events.next();
            valuePending = false;
            return null;
          }
          int index = itemIndex++;
          return piece(List.of(key, index), key + "[" + index + "]");
        });
  }

  @Override
  public void close() throws IOException {
    input.close();
  }

  private @Nullable String advanceKey() {
    if (!started) {
      start();
    }
    if (ended) {
      return null;
    }
    if (valuePending) {
      // Skipped, but still read by the same rules: a list item by item, anything else whole.
      if (inList || streamableList(events.peekEvent())) {
        while (nextItem() != null) {}
      } else {
        value();
      }
    }
    inList = false;
    if (events.checkEvent(Event.ID.MappingEnd)) {
      events.next();
      events.next(); // DocumentEnd
      if (!events.checkEvent(Event.ID.StreamEnd)) {
        Event another = events.next();
        throw new InvalidYamlException(
            "invalid YAML: expected a single document in the stream; but found another document"
                + another.getStartMark().map(YamlCodec::at).orElse(""),
            another.getStartMark().map(m -> m.getLine() + 1).orElse(0),
            null);
      }
      ended = true;
      key = null;
      return null;
    }
    Piece keyPiece = piece(List.of(), "");
    if (!(keyPiece.value() instanceof String text)) {
      throw new InvalidYamlException(
          "invalid YAML: key "
              + UserText.quote(String.valueOf(keyPiece.value()))
              + " is a "
              + YamlCodec.kind(keyPiece.value())
              + "; keys must be strings",
          keyPiece.line(),
          null);
    }
    if (!keys.add(text)) {
      throw new InvalidYamlException(
          "invalid YAML: while constructing a mapping: found duplicate key "
              + text
              + " (line "
              + keyPiece.line()
              + ")",
          keyPiece.line(),
          null);
    }
    key = text;
    keyLine = keyPiece.line();
    valuePending = true;
    return key;
  }

  /** Reads up to the root map's first key, or fails the way {@link YamlCodec#load} would. */
  private void start() {
    started = true;
    events.next(); // StreamStart
    if (events.checkEvent(Event.ID.StreamEnd)) {
      throw notAMap(null);
    }
    events.next(); // DocumentStart
    Event first = events.peekEvent();
    if (first instanceof CollectionStartEvent start
        && first.getEventId() == Event.ID.MappingStart
        && start.getAnchor().isEmpty()
        && start.getTag().map(MAP_TAG::equals).orElse(true)) {
      events.next();
      return;
    }
    // Anything else is read whole (within the piece limit) for the same message load() gives.
    Object root = piece(List.of(), "").value();
    if (root instanceof Map) {
      throw new InvalidYamlException(
          "invalid YAML: the root map is anchored or tagged; write it plain", 1, null);
    }
    throw notAMap(root);
  }

  private static InvalidYamlException notAMap(@Nullable Object root) {
    return new InvalidYamlException(
        "invalid YAML: the document must be a map of keys to values, not "
            + (root == null ? "empty" : "a " + YamlCodec.kind(root)));
  }

  /** The current key, whose value is still to be read. */
  private String requireValue() {
    String key = requireKey();
    if (!valuePending && !inList) {
      throw new IllegalStateException("the value of " + key + " was read already");
    }
    return key;
  }

  private String requireKey() {
    String key = this.key;
    if (!started || key == null) {
      throw new IllegalStateException("no current key: call nextKey() first");
    }
    return key;
  }

  private static boolean streamableList(Event event) {
    return event instanceof CollectionStartEvent start
        && event.getEventId() == Event.ID.SequenceStart
        && start.getAnchor().isEmpty()
        && start.getTag().map(SEQ_TAG::equals).orElse(true);
  }

  /** Reads, constructs and checks the next node as a document of its own. */
  private Piece piece(List<Object> path, String name) {
    int line = events.peekEvent().getStartMark().map(m -> m.getLine() + 1).orElse(0);
    input.startPiece();
    List<Event> node = new ArrayList<>(32); // an index row is 20 events
    int depth = 0;
    do {
      Event event = events.next();
      node.add(event);
      switch (event.getEventId()) {
        case MappingStart, SequenceStart -> depth++;
        case MappingEnd, SequenceEnd -> depth--;
        default -> {}
      }
    } while (depth > 0);
    Map<List<Object>, Integer> lines = new HashMap<>();
    lines.put(path, line);
    Object value = plain(node, path, lines);
    if (value == NOT_PLAIN) {
      lines.keySet().retainAll(List.of(path));
      Optional<Node> root = new Composer(settings, new OneNode(node)).getSingleNode();
      value = YamlCodec.construct(root, settings);
      root.ifPresent(n -> YamlCodec.collectLines(n, path, lines));
    }
    return new Piece(YamlCodec.plainValue(value, name), line, lines);
  }

  private static final Object NOT_PLAIN = new Object();

  /**
   * The value of a scalar, or of a map of scalar keys to scalar values (an index row), built from
   * the events as the composer and constructor would build it; {@link #NOT_PLAIN} for anything else
   * (anchors, aliases, tags, nesting, repeated keys), which goes through the engine itself.
   */
  private @Nullable Object plain(
      List<Event> node, List<Object> path, Map<List<Object>, Integer> lines) {
    if (node.size() == 1) {
      return node.get(0) instanceof ScalarEvent scalar ? scalar(scalar) : NOT_PLAIN;
    }
    if (!(node.get(0) instanceof MappingStartEvent start)
        || start.getAnchor().isPresent()
        || !start.getTag().map(MAP_TAG::equals).orElse(true)) {
      return NOT_PLAIN;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 1; i < node.size() - 1; i += 2) {
      if (!(node.get(i) instanceof ScalarEvent key)
          || !(node.get(i + 1) instanceof ScalarEvent value)) {
        return NOT_PLAIN;
      }
      String text = text(key);
      if (text == null || map.containsKey(text)) {
        return NOT_PLAIN;
      }
      Object v = scalar(value);
      if (v == NOT_PLAIN) {
        return NOT_PLAIN;
      }
      map.put(text, v);
      key.getStartMark().ifPresent(m -> lines.put(YamlCodec.append(path, text), m.getLine() + 1));
    }
    return map;
  }

  /** A scalar key that is plainly a string, else null (a number, null, a merge key, ...). */
  private @Nullable String text(ScalarEvent event) {
    return event.getAnchor().isEmpty()
            && event.getTag().isEmpty()
            && Tag.STR.equals(
                resolver.resolve(event.getValue(), event.getImplicit().canOmitTagInPlainScalar()))
        ? event.getValue()
        : null;
  }

  /** What the composer and constructor make of a scalar without anchor or tag. */
  private @Nullable Object scalar(ScalarEvent event) {
    if (event.getAnchor().isPresent() || event.getTag().isPresent()) {
      return NOT_PLAIN;
    }
    Tag tag = resolver.resolve(event.getValue(), event.getImplicit().canOmitTagInPlainScalar());
    if (Tag.STR.equals(tag)) {
      return event.getValue();
    }
    if (Tag.MERGE.equals(tag)) {
      return NOT_PLAIN;
    }
    return constructor.constructSingleDocument(
        Optional.of(
            new ScalarNode(
                tag,
                true,
                event.getValue(),
                event.getScalarStyle(),
                event.getStartMark(),
                event.getEndMark())));
  }

  /** Runs a step, turning the engine's and the reader's failures into this class's. */
  private <T> T guarded(java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (YamlEngineException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof PieceTooLong) {
          int line = stream.getLine() + 1;
          throw new InvalidYamlException(
              "invalid YAML: a value or list item longer than "
                  + MAX_PIECE_CHARS
                  + " characters (line "
                  + line
                  + ")",
              line,
              e);
        }
        if (cause instanceof IOException io) {
          throw new UncheckedIOException(io);
        }
      }
      throw new InvalidYamlException(
          "invalid YAML: " + YamlCodec.describe(e), YamlCodec.line(e), e);
    }
  }

  /** The events of one node, framed as a stream with one document for a composer of its own. */
  private static final class OneNode implements Parser {
    private final List<Event> node;
    private int next = -2; // stream start, document start, the node's events, document end, end

    OneNode(List<Event> node) {
      this.node = node;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
      return peekEvent().getEventId() == id;
    }

    @Override
    public Event peekEvent() {
      if (next == -2) {
        return new StreamStartEvent();
      }
      if (next == -1) {
        return new DocumentStartEvent(false, Optional.empty(), Map.of());
      }
      if (next < node.size()) {
        return node.get(next);
      }
      return next == node.size() ? new DocumentEndEvent(false) : new StreamEndEvent();
    }

    @Override
    public boolean hasNext() {
      return next <= node.size() + 1;
    }

    @Override
    public Event next() {
      Event event = peekEvent();
      next++;
      return event;
    }
  }

  /** Thrown by the reader when one piece goes on for too long. */
  private static final class PieceTooLong extends IOException {
    private static final long serialVersionUID = 1L;

    PieceTooLong() {
      super("a piece is too long");
    }
  }

  /**
   * Counts the characters handed to the scanner since the current piece started and fails past the
   * limit, so that one endless value (a scalar the scanner would read whole) cannot fill memory.
   */
  private static final class BudgetReader extends FilterReader {
    // What the scanner may have read ahead of the piece when it starts: its buffer and a token.
    private static final int SLACK = 64 * 1024;
    private final long limit;
    private long read;

    BudgetReader(Reader in, int limit) {
      super(in);
      this.limit = (long) limit + SLACK;
    }

    void startPiece() {
      read = 0;
    }

    @Override
    public int read() throws IOException {
      char[] one = new char[1];
      return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      if (read > limit) {
        throw new PieceTooLong();
      }
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        read += n;
      }
      return n;
    }
  }
}
