package dev.registrystreams.topology;

import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.Entry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryData;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;

/**
 * Where each field of a stored entry (a single-object encoded {@link RegistryEntry}) lies, found by
 * walking its varints without decoding anything, and the check that lets a repeated request be
 * answered from those bytes: whether the request asks for exactly the stored content.
 *
 * <p>A stored entry holds every field of its content document (header parts, title, masked and
 * sorted context, id, dedup key), so a request whose own fields equal them has the stored content
 * and therefore the stored content hash, without building the document or hashing it. The request
 * is compared in the bytes it crossed the repartition in ({@link EncodedRequest}), neither side
 * decoded. The check only ever says "same" when the content is the same; anything it cannot tell
 * cheaply (another map order is fine; a map of very many keys is not) it reports as different, and
 * the caller then resolves the request the full way, which gives the same answer.
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

  private static final int MAX_DEPTH = AvroCursor.MAX_DEPTH;

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);

  static {
    Schema schema = RegistryEntry.getClassSchema();
    List<String> names = schema.getFields().stream().map(Schema.Field::name).toList();
    if (!names.equals(FIELDS)) {
      throw new IllegalStateException("RegistryEntry's fields are not " + FIELDS + ": " + names);
    }
  }

  private final EncodedContexts contexts = new EncodedContexts();
  private final long[] number = new long[FIELDS.size()];
  private final int[] start = new int[FIELDS.size()];
  private final int[] length = new int[FIELDS.size()];
  // The entry last read; none before the first.
  private byte[] bytes = new byte[0];
  // Where the entry is being read.
  private final AvroCursor in = new AvroCursor();
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
    in.reset(stored, HEADER_LENGTH);
    try {
      for (int field = 0; field < FIELDS.size() - 1; field++) {
        switch (field) {
          // The outcome (an enum's index), the revision and the two timestamps.
          case 1, 4, 15, 16 -> number[field] = in.readLong();
          default -> {
            if (field == ID) {
              idFieldStart = in.pos;
            }
            int n = in.readLength();
            start[field] = in.pos;
            length[field] = n;
            in.pos += n;
          }
        }
      }
      contextStart = in.pos;
      if (in.pos > stored.length) {
        throw new SerializationException("not a stored RegistryEntry: it ends before its context");
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new SerializationException("not a stored RegistryEntry: it ends early", e);
    } catch (AvroCursor.Malformed e) {
      throw new SerializationException("not a stored RegistryEntry: " + e.getMessage(), e);
    }
  }

  /**
   * The stored entry as the core's entry: what {@code EntryRecords.toEntry} of the decoded record
   * gives, its context's maps in the stored (sorted) order.
   *
   * @throws SerializationException if the context is not a stored context
   */
  Entry toEntry() {
    in.pos = contextStart;
    Map<String, Object> context;
    try {
      context = ContextReader.read(in, MAX_DEPTH);
    } catch (ContextValues.TooDeepException e) {
      throw new SerializationException("not a stored RegistryEntry: its context is too deep", e);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new SerializationException("not a stored RegistryEntry: its context ends early", e);
    } catch (AvroCursor.Malformed e) {
      throw new SerializationException("not a stored RegistryEntry: " + e.getMessage(), e);
    }
    if (in.pos != bytes.length) {
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
      EncodedRequest request, String entryId, String variant, String version, String status) {
    String scope = request.scope();
    String type = request.type();
    // The header text is made of the six parts, so equal parts give an equal header; it is
    // compared as well, so that an entry stored with a header made otherwise is never taken
    // for the same content.
    return sameHeaderParts(scope, type, entryId, variant, version, status)
        && sameBytes(TITLE, request.bytes(), request.titleStart(), request.titleLength())
        && headerIs(scope, type, variant, entryId, version, status)
        && contexts.same(
            request.bytes(), request.contextStart(), request.contextEnd(), bytes, contextStart);
  }

  /**
   * The stored entry as the answer to {@code requestId} with {@code outcome}: byte for byte what
   * encoding the decoded entry with those two fields replaced gives.
   */
  byte[] answer(String requestId, Outcome outcome) {
    byte[] id = requestId.getBytes(StandardCharsets.UTF_8);
    return answer(id, 0, id.length, outcome);
  }

  /**
   * The stored entry as the answer to the request whose id's UTF-8 bytes are {@code length} bytes
   * of {@code source} from {@code offset}.
   */
  // Avro writes an enum as its symbol's index, which is the Java enum's ordinal.
  @SuppressWarnings("EnumOrdinal")
  byte[] answer(byte[] source, int offset, int length, Outcome outcome) {
    int rest = bytes.length - idFieldStart;
    int idLength = AvroCursor.varintLength(length);
    int outcomeLength = AvroCursor.varintLength(outcome.ordinal());
    byte[] answer = new byte[HEADER_LENGTH + idLength + length + outcomeLength + rest];
    System.arraycopy(bytes, 0, answer, 0, HEADER_LENGTH);
    int at = HEADER_LENGTH + BinaryData.encodeLong(length, answer, HEADER_LENGTH);
    System.arraycopy(source, offset, answer, at, length);
    at += length;
    at += BinaryData.encodeInt(outcome.ordinal(), answer, at);
    System.arraycopy(bytes, bytes.length - rest, answer, at, rest);
    return answer;
  }

  /** Whether the six parts of the header, each stored as its own field, are the request's. */
  private boolean sameHeaderParts(
      String scope, String type, String entryId, String variant, String version, String status) {
    return same(ID, entryId)
        && same(SCOPE, scope)
        && same(TYPE, type)
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

  /**
   * Whether the bytes of {@code field} are {@code length} bytes of {@code source} from {@code
   * offset}.
   */
  private boolean sameBytes(int field, byte[] source, int offset, int count) {
    return Arrays.equals(
        bytes, start[field], start[field] + length[field], source, offset, offset + count);
  }

  private String string(int field) {
    return new String(bytes, start[field], length[field], StandardCharsets.UTF_8);
  }
}
