package dev.registrystreams.topology;

import dev.registrystreams.avro.ContextValue;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;

/**
 * Where each field of a stored entry (a single-object encoded {@link RegistryEntry}) lies, found by
 * walking its varints without decoding anything, and the check that lets a repeated request be
 * answered from those bytes: whether the request asks for exactly the stored content.
 *
 * <p>A stored entry holds every field of its content document (header parts, title, masked and
 * sorted context, id, dedup key), so a request whose own fields equal them has the stored content
 * and therefore the stored content hash, without building the document or hashing it. The check
 * only ever says "same" when the content is the same; anything it cannot tell cheaply (another map
 * order is fine; a NaN with another payload, say) it reports as different, and the caller then
 * resolves the request the full way, which gives the same answer.
 *
 * <p>One instance per processor, reused for every record: not thread-safe.
 */
final class StoredEntryView {

  private static final int HEADER_LENGTH = 10;

  // The fields of RegistryEntry, in schema order; checked against the schema below.
  private static final List<String> FIELDS =
      List.of(
          "requestId",
          "outcome",
          "id",
          "dedupKey",
          "revision",
          "header",
          "grepable",
          "config",
          "contentHash",
          "scope",
          "type",
          "variant",
          "version",
          "status",
          "title",
          "createdAt",
          "updatedAt",
          "context");
  private static final int ID = 2;
  private static final int DEDUP_KEY = 3;
  private static final int REVISION = 4;
  private static final int HEADER = 5;
  private static final int GREPABLE = 6;
  private static final int CONFIG = 7;
  private static final int CONTENT_HASH = 8;
  private static final int SCOPE = 9;
  private static final int TYPE = 10;
  private static final int VARIANT = 11;
  private static final int VERSION = 12;
  private static final int STATUS = 13;
  private static final int TITLE = 14;
  private static final int CREATED_AT = 15;
  private static final int UPDATED_AT = 16;

  // Stored contexts passed validation, so are far shallower; this only bounds the recursion.
  private static final int MAX_DEPTH = 64;

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);

  static {
    Schema schema = RegistryEntry.getClassSchema();
    List<String> names = schema.getFields().stream().map(Schema.Field::name).toList();
    if (!names.equals(FIELDS)) {
      throw new IllegalStateException("RegistryEntry's fields are not " + FIELDS + ": " + names);
    }
  }

  private final long[] number = new long[FIELDS.size()];
  private final int[] start = new int[FIELDS.size()];
  private final int[] length = new int[FIELDS.size()];
  // The entry last read; none before the first.
  private byte[] bytes = new byte[0];
  private int pos;
  private int contextStart;
  // Where the third field (the id's length) starts: an answer keeps everything from here on.
  private int idFieldStart;

  /**
   * Reads where the fields of {@code stored} lie.
   *
   * @throws SerializationException if it is not a stored entry
   */
  void read(byte[] stored) {
    if (!ENTRIES.hasHeader(stored)) {
      throw new SerializationException(
          "not a stored RegistryEntry: the bytes do not start with its schema's fingerprint");
    }
    bytes = stored;
    pos = HEADER_LENGTH;
    try {
      for (int field = 0; field < FIELDS.size() - 1; field++) {
        switch (field) {
          // The outcome (an enum's index), the revision and the two timestamps.
          case 1, 4, 15, 16 -> number[field] = readLong();
          default -> {
            if (field == ID) {
              idFieldStart = pos;
            }
            int n = readLength();
            start[field] = pos;
            length[field] = n;
            pos += n;
          }
        }
      }
      contextStart = pos;
      if (pos > stored.length) {
        throw new SerializationException("not a stored RegistryEntry: it ends before its context");
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new SerializationException("not a stored RegistryEntry: it ends early", e);
    }
  }

  /**
   * The stored entry as the core's entry: what {@code EntryRecords.toEntry} of the decoded record
   * gives, its context's maps in the stored (sorted) order.
   *
   * @throws SerializationException if the context is not a stored context
   */
  Entry toEntry() {
    pos = contextStart;
    Map<String, Object> context;
    try {
      context = mapToJava(1);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new SerializationException("not a stored RegistryEntry: its context ends early", e);
    }
    if (pos != bytes.length) {
      throw new SerializationException("not a stored RegistryEntry: bytes after its context");
    }
    return new Entry(
        string(ID),
        string(DEDUP_KEY),
        (int) number[REVISION],
        string(HEADER),
        string(GREPABLE),
        string(CONFIG),
        string(CONTENT_HASH),
        string(SCOPE),
        string(TYPE),
        string(VARIANT),
        string(VERSION),
        string(STATUS),
        string(TITLE),
        number[CREATED_AT],
        number[UPDATED_AT],
        context);
  }

  private Map<String, Object> mapToJava(int depth) {
    if (depth > MAX_DEPTH) {
      throw new SerializationException("not a stored RegistryEntry: its context is too deep");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    long count;
    while ((count = readLong()) != 0) {
      if (count < 0) {
        count = -count;
        readLong();
      }
      for (long i = 0; i < count; i++) {
        int n = readLength();
        String key = new String(bytes, pos, n, StandardCharsets.UTF_8);
        pos += n;
        out.put(key, nodeToJava(depth));
      }
    }
    return out;
  }

  private @Nullable Object nodeToJava(int depth) {
    int branch = (int) readLong();
    switch (branch) {
      case 0:
        return null;
      case 1:
        return bytes[pos++] == 1;
      case 2:
        return readLong();
      case 3:
        {
          long bits = 0;
          for (int i = 0; i < 8; i++) {
            bits |= (bytes[pos++] & 0xffL) << (8 * i);
          }
          return Double.longBitsToDouble(bits);
        }
      case 4:
        {
          int n = readLength();
          String text = new String(bytes, pos, n, StandardCharsets.UTF_8);
          pos += n;
          return text;
        }
      case 5:
        {
          if (depth + 1 > MAX_DEPTH) {
            throw new SerializationException("not a stored RegistryEntry: its context is too deep");
          }
          List<Object> out = new ArrayList<>();
          long count;
          while ((count = readLong()) != 0) {
            if (count < 0) {
              count = -count;
              readLong();
            }
            for (long i = 0; i < count; i++) {
              out.add(nodeToJava(depth + 1));
            }
          }
          return out;
        }
      case 6:
        return mapToJava(depth + 1);
      default:
        throw new SerializationException(
            "not a stored RegistryEntry: a context node of branch " + branch);
    }
  }

  /** Whether the stored entry belongs to {@code dedupKey}. */
  boolean hasDedupKey(String dedupKey) {
    return same(DEDUP_KEY, dedupKey);
  }

  String dedupKey() {
    return string(DEDUP_KEY);
  }

  String contentHash() {
    return string(CONTENT_HASH);
  }

  /**
   * Whether {@code request} (validated, its context masked) asks for exactly the stored content:
   * the same header parts, title and context. Then resolving it gives UNCHANGED.
   *
   * @param variant the request's variant, {@code HeaderSchema.variantFor} of its context
   * @param version the request's version, the default where it has none
   * @param status the request's status, the default where it has none
   */
  boolean hasContentOf(
      GenerationRequest request, String entryId, String variant, String version, String status) {
    // The header text is made of the six parts, so equal parts give an equal header; it is
    // compared as well, so that an entry stored with a header made otherwise is never taken
    // for the same content.
    if (!(sameHeaderParts(request, entryId, variant, version, status)
        && same(TITLE, request.getTitle())
        && headerIs(request.getScope(), request.getType(), variant, entryId, version, status))) {
      return false;
    }
    pos = contextStart;
    try {
      return sameMap(request.getContext(), 1) && pos == bytes.length;
    } catch (ArrayIndexOutOfBoundsException e) {
      return false;
    }
  }

  /**
   * The stored entry as the answer to {@code requestId} with {@code outcome}: byte for byte what
   * encoding the decoded entry with those two fields replaced gives.
   */
  // Avro writes an enum as its symbol's index, which is the Java enum's ordinal.
  @SuppressWarnings("EnumOrdinal")
  byte[] answer(String requestId, Outcome outcome) {
    int rest = bytes.length - idFieldStart;
    byte[] id = requestId.getBytes(StandardCharsets.UTF_8);
    int idLength = varintSize(zigzag(id.length));
    int outcomeLength = varintSize(zigzag(outcome.ordinal()));
    byte[] answer = new byte[HEADER_LENGTH + idLength + id.length + outcomeLength + rest];
    System.arraycopy(bytes, 0, answer, 0, HEADER_LENGTH);
    int at = writeVarint(zigzag(id.length), answer, HEADER_LENGTH);
    System.arraycopy(id, 0, answer, at, id.length);
    at = writeVarint(zigzag(outcome.ordinal()), answer, at + id.length);
    System.arraycopy(bytes, bytes.length - rest, answer, at, rest);
    return answer;
  }

  /** Whether the six parts of the header, each stored as its own field, are the request's. */
  private boolean sameHeaderParts(
      GenerationRequest request, String entryId, String variant, String version, String status) {
    return same(ID, entryId)
        && same(SCOPE, request.getScope())
        && same(TYPE, request.getType())
        && same(VARIANT, variant)
        && same(VERSION, version)
        && same(STATUS, status);
  }

  private boolean headerIs(
      String scope, String type, String variant, String id, String version, String status) {
    int end = start[HEADER] + length[HEADER];
    int at = part(start[HEADER], end, scope);
    at = part(at, end, type);
    at = part(at, end, variant);
    at = part(at, end, id);
    at = part(at, end, version);
    at = part(at, end, status);
    return at == end;
  }

  /** Where {@code [text]} ends if the bytes hold it from {@code at}, else -1. */
  private int part(int at, int end, String text) {
    if (at < 0 || at >= end || bytes[at] != '[') {
      return -1;
    }
    at = match(at + 1, end, text);
    if (at < 0 || at >= end || bytes[at] != ']') {
      return -1;
    }
    return at + 1;
  }

  /**
   * Where {@code text}'s UTF-8 form ends if {@code bytes} holds it from {@code at} (before {@code
   * end}), else -1. Only ASCII is matched here; anything else answers -1, which reads as different.
   */
  private int match(int at, int end, String text) {
    int n = text.length();
    if (end - at < n) {
      return -1;
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80 || bytes[at + i] != (byte) c) {
        return -1;
      }
    }
    return at + n;
  }

  private boolean same(int field, @Nullable String text) {
    return text != null && sameText(start[field], length[field], text);
  }

  /** Whether the UTF-8 bytes at {@code offset} are {@code text}'s. */
  private boolean sameText(int offset, int n, String text) {
    int chars = text.length();
    // UTF-8 takes at least one byte for each UTF-16 unit.
    if (n < chars) {
      return false;
    }
    for (int i = 0; i < chars; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return new String(bytes, offset, n, StandardCharsets.UTF_8).equals(text);
      }
      if (bytes[offset + i] != (byte) c) {
        return false;
      }
    }
    return n == chars;
  }

  private String string(int field) {
    return new String(bytes, start[field], length[field], StandardCharsets.UTF_8);
  }

  /** Whether the context map at {@link #pos} equals {@code expected}, in any order. */
  private boolean sameMap(@Nullable Map<String, ContextValue> expected, int depth) {
    if (depth > MAX_DEPTH || expected == null) {
      return false;
    }
    long seen = 0;
    long count;
    while ((count = readLong()) != 0) {
      if (count < 0) {
        count = -count;
        readLong(); // the block's size in bytes
      }
      for (long i = 0; i < count; i++) {
        int n = readLength();
        String key = new String(bytes, pos, n, StandardCharsets.UTF_8);
        pos += n;
        ContextValue value = expected.get(key);
        if ((value == null && !expected.containsKey(key)) || !sameNode(value, depth)) {
          return false;
        }
        seen++;
      }
    }
    return seen == expected.size();
  }

  /** Whether the context node at {@link #pos} (a union branch and its value) is {@code node}. */
  @SuppressWarnings("unchecked")
  private boolean sameNode(@Nullable ContextValue node, int depth) {
    Object value = node == null ? null : node.getValue();
    int branch = (int) readLong();
    switch (branch) {
      case 0:
        return value == null;
      case 1:
        return value instanceof Boolean b && b == (bytes[pos++] == 1);
      case 2:
        return value instanceof Long l && l == readLong();
      case 3:
        {
          long bits = 0;
          for (int i = 0; i < 8; i++) {
            bits |= (bytes[pos++] & 0xffL) << (8 * i);
          }
          return value instanceof Double d && Double.doubleToRawLongBits(d) == bits;
        }
      case 4:
        {
          int n = readLength();
          int offset = pos;
          pos += n;
          return value instanceof String text && sameText(offset, n, text);
        }
      case 5:
        return value instanceof List<?> list && sameList((List<ContextValue>) list, depth + 1);
      case 6:
        return value instanceof Map<?, ?> map
            && sameMap((Map<String, ContextValue>) map, depth + 1);
      default:
        return false;
    }
  }

  private boolean sameList(List<ContextValue> expected, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    int index = 0;
    long count;
    while ((count = readLong()) != 0) {
      if (count < 0) {
        count = -count;
        readLong();
      }
      for (long i = 0; i < count; i++) {
        if (index >= expected.size() || !sameNode(expected.get(index++), depth)) {
          return false;
        }
      }
    }
    return index == expected.size();
  }

  private int readLength() {
    long n = readLong();
    if (n < 0 || n > bytes.length - pos) {
      throw new SerializationException("not a stored RegistryEntry: a length out of range");
    }
    return (int) n;
  }

  /** An Avro long: a zigzag varint. */
  private long readLong() {
    long raw = 0;
    int shift = 0;
    byte b;
    do {
      if (shift > 63) {
        throw new SerializationException("not a stored RegistryEntry: a varint too long");
      }
      b = bytes[pos++];
      raw |= (b & 0x7fL) << shift;
      shift += 7;
    } while (b < 0);
    return (raw >>> 1) ^ -(raw & 1);
  }

  private static long zigzag(long n) {
    return (n << 1) ^ (n >> 63);
  }

  private static int varintSize(long raw) {
    int size = 1;
    while ((raw & ~0x7fL) != 0) {
      raw >>>= 7;
      size++;
    }
    return size;
  }

  private static int writeVarint(long raw, byte[] out, int at) {
    while ((raw & ~0x7fL) != 0) {
      out[at++] = (byte) ((raw & 0x7f) | 0x80);
      raw >>>= 7;
    }
    out[at++] = (byte) raw;
    return at;
  }
}
