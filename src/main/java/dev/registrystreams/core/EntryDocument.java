package dev.registrystreams.core;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds the YAML config document of an entry.
 *
 * <p>The <em>content</em> document is what is hashed and diffed, in this order: {@code header,
 * title, scope, type, version, status, context, metadata: {id, variant, dedupKey}}. Its context is
 * masked and its map keys are sorted (by {@link String#compareTo}) at every level, so the same
 * request always yields the same bytes whatever map it arrived in. The <em>full</em> config adds
 * {@code createdAt} after {@code status} and {@code revision, updatedAt, contentHash} to the
 * metadata: everything that may differ between revisions with equal content.
 */
public final class EntryDocument {

  static final String CREATED_AT = "createdAt";
  static final String METADATA = "metadata";
  static final String REVISION = "revision";
  static final String UPDATED_AT = "updatedAt";
  static final String CONTENT_HASH = "contentHash";

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final SecretMasker masker;

  public EntryDocument(SecretMasker masker) {
    this.masker = masker;
  }

  /** The content document; {@code context} is masked and sorted here. */
  public Map<String, Object> content(
      Header header, String title, Map<String, Object> context, String dedupKey) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("header", header.text());
    doc.put("title", title);
    doc.put("scope", header.scope());
    doc.put("type", header.type());
    doc.put("version", header.version());
    doc.put("status", header.status());
    doc.put("context", sorted(masked(context)));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("id", header.id());
    metadata.put("variant", header.variant());
    metadata.put("dedupKey", dedupKey);
    doc.put(METADATA, metadata);
    return doc;
  }

  // A request's context was masked on intake and a stored one before it was stored, so most need
  // no masked copy, and asking whether one does copies nothing. sorted() copies either way.
  private Map<String, Object> masked(Map<String, Object> context) {
    return masker.changes(context) ? masker.mask(context) : context;
  }

  /**
   * The content document of a stored entry, rebuilt from its fields and its context tree: equal to
   * {@code contentOf(YamlCodec.load(entry.config()))}, without parsing any YAML.
   */
  public Map<String, Object> contentOf(Entry entry) {
    Header header =
        new Header(
            entry.scope(),
            entry.type(),
            entry.variant(),
            entry.id(),
            entry.version(),
            entry.status());
    return content(header, entry.title(), entry.context(), entry.dedupKey());
  }

  /** The masked, sorted context of a content document. */
  public static Map<String, Object> contextOf(Map<String, Object> content) {
    return asMap(Objects.requireNonNull(content.get("context"), "a content document's context"));
  }

  /** The full config: {@code content} plus creation time, revision, update time and hash. */
  public static Map<String, Object> full(
      Map<String, Object> content,
      long createdAt,
      int revision,
      long updatedAt,
      String contentHash) {
    Map<String, Object> doc = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : content.entrySet()) {
      if (e.getKey().equals(METADATA)) {
        Map<String, Object> metadata = new LinkedHashMap<>(asMap(e.getValue()));
        metadata.put(REVISION, (long) revision);
        metadata.put(UPDATED_AT, isoMillis(updatedAt));
        metadata.put(CONTENT_HASH, contentHash);
        doc.put(METADATA, metadata);
      } else {
        doc.put(e.getKey(), e.getValue());
      }
      if (e.getKey().equals("status")) {
        doc.put(CREATED_AT, isoMillis(createdAt));
      }
    }
    return doc;
  }

  /** The content part of a stored full config, so that it can be hashed or diffed again. */
  public static Map<String, Object> contentOf(Map<String, Object> fullConfig) {
    Map<String, Object> doc = new LinkedHashMap<>(fullConfig);
    doc.remove(CREATED_AT);
    if (doc.get(METADATA) instanceof Map<?, ?> metadata) {
      Map<String, Object> copy = new LinkedHashMap<>(asMap(metadata));
      copy.remove(REVISION);
      copy.remove(UPDATED_AT);
      copy.remove(CONTENT_HASH);
      doc.put(METADATA, copy);
    }
    return doc;
  }

  private static final List<String> CONTENT_ORDER =
      List.of("header", "title", "scope", "type", "version", "status", "context", METADATA);
  private static final List<String> METADATA_ORDER = List.of("id", "variant", "dedupKey");

  /**
   * {@code doc} with its top-level and metadata keys in the order {@link #content} writes them, so
   * that a content document rebuilt from its leaves (where every key comes out sorted) reads, and
   * dumps to YAML, as the original did. Keys this class does not write keep their order, after the
   * known ones.
   */
  public static Map<String, Object> inContentOrder(Map<String, Object> doc) {
    Map<String, Object> out = ordered(doc, CONTENT_ORDER);
    if (out.get(METADATA) instanceof Map<?, ?> metadata) {
      out.put(METADATA, ordered(asMap(metadata), METADATA_ORDER));
    }
    return out;
  }

  private static Map<String, Object> ordered(Map<String, Object> map, List<String> order) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : order) {
      if (map.containsKey(key)) {
        out.put(key, map.get(key));
      }
    }
    map.forEach(out::putIfAbsent);
    return out;
  }

  /** Epoch milliseconds as ISO-8601 UTC with milliseconds, e.g. 2026-11-24T01:35:46.123Z. */
  public static String isoMillis(long epochMillis) {
    if (epochMillis < FIRST_FOUR_DIGIT_YEAR || epochMillis >= FIRST_FIVE_DIGIT_YEAR) {
      // A sign or a fifth digit: the formatter knows how.
      return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }
    // Written twice for every new or changed entry: the fields, zero-padded, without a formatter.
    LocalDateTime time =
        LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
    int millis = Math.floorMod(epochMillis, 1000);
    char[] out = new char[24];
    digits(out, 0, time.getYear(), 4);
    out[4] = '-';
    digits(out, 5, time.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, time.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, time.getHour(), 2);
    out[13] = ':';
    digits(out, 14, time.getMinute(), 2);
    out[16] = ':';
    digits(out, 17, time.getSecond(), 2);
    out[19] = '.';
    digits(out, 20, millis, 3);
    out[23] = 'Z';
    return new String(out);
  }

  // 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in epoch milliseconds.
  private static final long FIRST_FOUR_DIGIT_YEAR = -62_167_219_200_000L;
  private static final long FIRST_FIVE_DIGIT_YEAR = 253_402_300_800_000L;

  /** {@code value} in {@code width} decimal digits, zero-padded, at {@code at}. */
  private static void digits(char[] out, int at, int value, int width) {
    int rest = value;
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + rest % 10);
      rest /= 10;
    }
  }

  /**
   * A copy of {@code value} with the keys of every map, however deep, in sorted order, and its
   * numbers in one type each (long, double): the form of an entry's context.
   */
  public static @Nullable Object sorted(@Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      Map.Entry<?, ?>[] entries = map.entrySet().toArray(new Map.Entry<?, ?>[0]);
      // A stored context is sorted already; a stable sort keeps the last of keys that print
      // alike last, so that its value is the one kept, as a sorted map's put would.
      if (!inKeyOrder(entries)) {
        Arrays.sort(entries, BY_KEY);
      }
      Map<String, Object> out = new LinkedHashMap<>(Math.max(4, entries.length * 2));
      for (Map.Entry<?, ?> e : entries) {
        out.put(String.valueOf(e.getKey()), sorted(e.getValue()));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(sorted(item));
      }
      return out;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      // One integer type, so that 5 from a decoder and 5 from a YAML reload are the same value.
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    return value;
  }

  private static final Comparator<Map.Entry<?, ?>> BY_KEY =
      Comparator.comparing(e -> String.valueOf(e.getKey()));

  private static boolean inKeyOrder(Map.Entry<?, ?>[] entries) {
    for (int i = 1; i < entries.length; i++) {
      if (BY_KEY.compare(entries[i - 1], entries[i]) >= 0) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }
}
