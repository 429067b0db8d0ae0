package dev.registrystreams.cli.files;

import dev.registrystreams.core.ContentHash;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryDocument;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.Header;
import dev.registrystreams.core.HeaderSchema;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.Rejection;
import dev.registrystreams.core.RequestValidator;
import dev.registrystreams.core.SecretMasker;
import dev.registrystreams.core.text.UserText;
import dev.registrystreams.core.yaml.InvalidYamlException;
import dev.registrystreams.core.yaml.YamlCodec;
import dev.registrystreams.core.yaml.YamlPieces;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks entry config documents and export indexes against the registry schema, reporting every
 * problem with its line. Pure: it reads no files; the caller passes the text and the file name.
 *
 * <p><b>Entry configs.</b> Their structure is the published JSON Schema's ({@link
 * EntryConfigSchema}): keys, types, and the shapes of headers, ids, hashes and times. A file whose
 * name is {@code <64 hex>.yaml[.zst|.gz]} is taken to be written by {@code export} and must have
 * the full export format ({@code #/$defs/exported}: {@code header, title, scope, type, version,
 * status, createdAt, context, metadata: {id, variant, dedupKey, revision, updatedAt,
 * contentHash}}), and its name must be its content hash. Any other file is hand-written: it needs
 * {@code header, title, scope, type, version, status}; {@code createdAt}, {@code context}, {@code
 * metadata} (and each metadata key) and {@code grepable} are optional, but checked when present.
 * Other keys are problems in both, so a typo is not silently ignored. This class adds what a static
 * schema cannot say: the registry's values (scopes, types, variants, version pattern, statuses,
 * title rules) and the agreement of fields (header, variant and context.env, dedup key and id,
 * content hash, masked secrets). A value the schema refused is not checked again.
 *
 * <p><b>Indexes</b> ({@code index.yaml} as {@code export} writes it): a map with one key, {@code
 * entries}, a list of rows {@code id, header, grepable, scope, type, title, revision, contentHash,
 * file}, sorted by id; each row is checked like a header, and its file must exist. An index is read
 * a row at a time ({@link YamlPieces}), so its size is not limited, only each row's.
 *
 * <p>Problems are sorted by line; problems on one line keep the order the checks ran in, so the
 * output is the same on every run. Instances hold no mutable state.
 */
public final class ConfigValidator {

  /** One problem: the 1-based line it is on and what is wrong. */
  public record Problem(int line, String message) {}

  /** Names {@code export} gives entry files: content hash, then the extension. */
  public static final Pattern EXPORTED_NAME =
      Pattern.compile("([0-9a-f]{64})\\.yaml(\\.zst|\\.gz)?");

  /** The name {@code export} gives its index. */
  public static final String INDEX_NAME = "index.yaml";

  private static final Pattern HEADER =
      Pattern.compile(
          "\\[([^\\[\\]]*)\\]\\[([^\\[\\]]*)\\]\\[([^\\[\\]]*)\\]"
              + "\\[([^\\[\\]]*)\\]\\[([^\\[\\]]*)\\]\\[([^\\[\\]]*)\\]");
  private static final Pattern ID =
      Pattern.compile("([A-Z][A-Z0-9]{0,15})-([A-Z][A-Z0-9]{0,15})-[0-9A-HJKMNP-TV-Z]{10}");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private static final List<String> INDEX_ROW_KEYS =
      List.of(
          "id", "header", "grepable", "scope", "type", "title", "revision", "contentHash", "file");

  private final HeaderSchema schema;
  private final EntryConfigSchema structure = EntryConfigSchema.get();
  private final RequestValidator rules;
  private final SecretMasker masker;
  private final Set<String> variants;
  private final List<String> variantList;

  public ConfigValidator(RegistrySchema registry) {
    this.schema = registry.header();
    this.rules = new RequestValidator(registry);
    this.masker = registry.secretMasker();
    Set<String> all = new LinkedHashSet<>();
    all.add(schema.defaultVariant());
    all.addAll(schema.variants().values());
    this.variants = Set.copyOf(all);
    this.variantList = List.copyOf(all);
  }

  /** True when {@code fileName} (a base name) is what export names an entry file. */
  public static boolean isExportedName(String fileName) {
    return EXPORTED_NAME.matcher(fileName).matches();
  }

  /**
   * Checks one entry config.
   *
   * @param fileName the file's base name: decides export format or hand-written, and for an export
   *     the content hash the name must equal
   */
  public List<Problem> validateEntry(String yaml, String fileName) {
    Report report = new Report();
    YamlCodec.Located located = parse(yaml, report);
    if (located == null) {
      return report.sorted();
    }
    Matcher exportedName = EXPORTED_NAME.matcher(fileName);
    boolean exported = exportedName.matches();
    new EntryCheck(located, report, exported).run(exported ? exportedName.group(1) : null);
    return report.sorted();
  }

  /**
   * Checks an export index held in a string; see {@link #validateIndex(Reader, Predicate,
   * Consumer)}.
   */
  public List<Problem> validateIndex(String yaml, Predicate<String> fileExists) {
    List<Problem> problems = new ArrayList<>();
    validateIndex(new StringReader(yaml), fileExists, problems::add);
    return List.copyOf(problems);
  }

  /**
   * Checks an export index as it is read, row by row, so that memory does not grow with the number
   * of rows (see {@link YamlPieces} for the limits that hold instead of a size limit). Problems go
   * to {@code problems} as they are found, by line; after a YAML error nothing more is read.
   *
   * @param fileExists whether a file named in the index exists beside it
   * @return the number of rows read
   * @throws java.io.UncheckedIOException when {@code yaml} cannot be read
   */
  public long validateIndex(Reader yaml, Predicate<String> fileExists, Consumer<Problem> problems) {
    // Root-level problems wait so that they come out by line with the rows'; they are few.
    Report root = new Report();
    long rows = 0;
    try (YamlPieces pieces = new YamlPieces(yaml)) {
      boolean sawEntries = false;
      String previousId = null;
      for (String key = pieces.nextKey(); key != null; key = pieces.nextKey()) {
        if (!key.equals("entries")) {
          root.add(pieces.keyLine(), "unknown key " + q(key) + " (allowed: entries)");
          if (root.size() >= FLUSH_ROOT_PROBLEMS) {
            root.drainTo(problems);
          }
          continue;
        }
        sawEntries = true;
        if (!pieces.atList()) {
          pieces.value();
          root.add(pieces.keyLine(), "entries must be a list of entries");
          continue;
        }
        root.drainTo(problems);
        for (YamlPieces.Piece item = pieces.nextItem(); item != null; item = pieces.nextItem()) {
          Report report = new Report();
          previousId = checkIndexItem(item, rows++, previousId, report, fileExists);
          report.drainTo(problems);
        }
      }
      if (!sawEntries) {
        root.add(1, "missing key 'entries'");
      }
    } catch (InvalidYamlException e) {
      root.add(Math.max(1, e.line()), message(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    root.drainTo(problems);
    return rows;
  }

  private static final int FLUSH_ROOT_PROBLEMS = 1024;

  /** Checks row {@code i} of an index; returns the id to compare the next row's with. */
  private @Nullable String checkIndexItem(
      YamlPieces.Piece item,
      long i,
      @Nullable String previousId,
      Report report,
      Predicate<String> fileExists) {
    if (!(item.value() instanceof Map<?, ?> raw)) {
      report.add(item.line(), "entries[" + i + "] must be a map");
      return previousId;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> row = (Map<String, Object>) raw;
    List<Object> path = List.of("entries", (int) i);
    YamlCodec.Located located = new YamlCodec.Located(row, item.lines());
    String id = checkIndexRow(row, path, located, report, fileExists);
    if (id == null) {
      return previousId;
    }
    if (previousId != null && id.compareTo(previousId) <= 0) {
      report.add(
          item.line(),
          id.equals(previousId)
              ? "id " + q(id) + " is listed twice"
              : "entries are not sorted by id: " + q(id) + " comes after " + q(previousId));
    }
    return id;
  }

  private @Nullable String checkIndexRow(
      Map<String, Object> row,
      List<Object> path,
      YamlCodec.Located located,
      Report report,
      Predicate<String> fileExists) {
    Fields f = new Fields(row, path, located, report, "entries[" + path.get(1) + "].", null);
    f.requireKeys(INDEX_ROW_KEYS);
    f.allowOnly(INDEX_ROW_KEYS);
    Header header =
        f.string("header").map(h -> checkHeader(h, f.line("header"), report)).orElse(null);
    if (header != null) {
      f.string("grepable")
          .filter(g -> !g.equals(header.grepable()))
          .ifPresent(
              g ->
                  report.add(
                      f.line("grepable"),
                      "grepable "
                          + q(g)
                          + " does not match the header (expected "
                          + q(header.grepable())
                          + ")"));
      f.agrees("id", header.id(), "header");
      f.agrees("scope", header.scope(), "header");
      f.agrees("type", header.type(), "header");
    }
    f.string("title").ifPresent(t -> rules.checkTitle(t).ifPresent(r -> f.problem("title", r)));
    f.positiveInt("revision");
    Optional<String> hash = f.string("contentHash").filter(h -> f.hash("contentHash", h));
    f.string("file")
        .ifPresent(
            file -> {
              Matcher m = EXPORTED_NAME.matcher(file);
              if (!m.matches() || (hash.isPresent() && !m.group(1).equals(hash.get()))) {
                report.add(
                    f.line("file"),
                    "file "
                        + q(file)
                        + " is not the content hash with .yaml, .yaml.zst or .yaml.gz");
              } else if (!fileExists.test(file)) {
                report.add(f.line("file"), "file " + q(file) + " does not exist");
              }
            });
    return f.string("id").orElse(null);
  }

  private static YamlCodec.@Nullable Located parse(String yaml, Report report) {
    try {
      return YamlCodec.loadLocated(yaml);
    } catch (InvalidYamlException e) {
      report.add(Math.max(1, e.line()), message(e));
      return null;
    }
  }

  /** The YAML loader's messages say what is wrong and where; its class name would stand in. */
  private static String message(InvalidYamlException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** Checks an entry config; one instance per document. */
  private final class EntryCheck {
    private final YamlCodec.Located located;
    private final Report report;
    private final Map<String, Object> doc;
    private final Set<List<Object>> refused = new HashSet<>();
    private final Fields top;

    EntryCheck(YamlCodec.Located located, Report report, boolean exported) {
      this.located = located;
      this.report = report;
      this.doc = located.document();
      for (EntryConfigSchema.Violation v : structure.check(doc, exported)) {
        report.add(located.line(v.path()), v.message());
        refused.add(v.path());
      }
      this.top = new Fields(doc, List.of(), located, report, "", refused);
    }

    void run(@Nullable String nameHash) {
      Optional<String> scope = top.string("scope");
      Optional<String> type = top.string("type");
      Optional<String> title = top.string("title");
      scope.ifPresent(s -> rules.checkScope(s).ifPresent(r -> top.problem("scope", r)));
      type.ifPresent(t -> rules.checkType(t).ifPresent(r -> top.problem("type", r)));
      title.ifPresent(t -> rules.checkTitle(t).ifPresent(r -> top.problem("title", r)));
      top.string("version")
          .ifPresent(v -> rules.checkVersion(v).ifPresent(r -> top.problem("version", r)));
      top.string("status")
          .ifPresent(s -> rules.checkStatus(s).ifPresent(r -> top.problem("status", r)));

      Map<String, Object> context = top.map("context").orElse(Map.of());
      Header header =
          top.string("header").map(h -> checkHeader(h, top.line("header"), report)).orElse(null);
      if (header != null) {
        top.agrees("scope", header.scope(), "header");
        top.agrees("type", header.type(), "header");
        top.agrees("version", header.version(), "header");
        top.agrees("status", header.status(), "header");
        String expected = schema.variantFor(context);
        if (variants.contains(header.variant()) && !header.variant().equals(expected)) {
          report.add(
              top.line("header"),
              "header variant "
                  + header.variant()
                  + " does not match context.env (expected "
                  + expected
                  + ")");
        }
        top.string("grepable")
            .filter(g -> !g.equals(header.grepable()))
            .ifPresent(
                g ->
                    report.add(
                        top.line("grepable"),
                        "grepable "
                            + q(g)
                            + " does not match the header (expected "
                            + q(header.grepable())
                            + ")"));
      }
      secrets(context, List.of("context"));

      Optional<Map<String, Object>> metadata = top.map("metadata");
      metadata.ifPresent(m -> metadata(m, header, scope, type, title));
      if (nameHash != null) {
        fileName(nameHash);
      }
    }

    private void metadata(
        Map<String, Object> metadata,
        @Nullable Header header,
        Optional<String> scope,
        Optional<String> type,
        Optional<String> title) {
      Fields m = new Fields(metadata, List.of("metadata"), located, report, "metadata.", refused);
      if (header != null) {
        m.agrees("id", header.id(), "header");
        m.agrees("variant", header.variant(), "header");
      }
      m.string("dedupKey")
          .ifPresent(
              hex -> {
                DedupKey key;
                try {
                  key = DedupKey.fromHex(hex);
                } catch (IllegalArgumentException e) {
                  report.add(m.line("dedupKey"), "metadata." + e.getMessage());
                  return;
                }
                if (scope.isEmpty() || type.isEmpty() || title.isEmpty()) {
                  return;
                }
                String expected = DedupKey.of(scope.get(), type.get(), title.get()).hex();
                if (!expected.equals(hex)) {
                  report.add(
                      m.line("dedupKey"),
                      "metadata.dedupKey does not match scope, type and title (expected "
                          + expected
                          + ")");
                } else if (header != null
                    && !header.id().equals(EntryId.derive(scope.get(), type.get(), key))) {
                  report.add(
                      top.line("header"),
                      "header id "
                          + header.id()
                          + " is not the id of the dedup key (expected "
                          + EntryId.derive(scope.get(), type.get(), key)
                          + ")");
                }
              });
      String recomputed = contentHash();
      m.string("contentHash")
          .filter(h -> !h.equals(recomputed))
          .ifPresent(
              h ->
                  report.add(
                      m.line("contentHash"),
                      "metadata.contentHash does not match the content (the content hashes to "
                          + recomputed
                          + ")"));
    }

    // Both the metadata and the file name are compared with it: hashed once.
    private @Nullable String contentHash;

    private String contentHash() {
      String hash = contentHash;
      if (hash == null) {
        hash = ContentHash.of(EntryDocument.contentOf(doc));
        contentHash = hash;
      }
      return hash;
    }

    private void fileName(String nameHash) {
      String recomputed = contentHash();
      if (!nameHash.equals(recomputed)) {
        report.add(
            1, "file name is not the content hash (the content hashes to " + recomputed + ")");
      }
    }

    /**
     * Every secret-named key under the context must hold the mask, and every other string be as
     * masking leaves it (no URL password in clear), at any depth.
     */
    private void secrets(Object node, List<Object> path) {
      if (node instanceof String text) {
        String masked = masker.maskText(text);
        if (!masked.equals(text)) {
          report.add(
              located.line(path),
              "secret in clear: "
                  + pathText(path)
                  + " holds URL credentials (expected "
                  + q(masked)
                  + ")");
        }
        return;
      }
      if (node instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String key = String.valueOf(e.getKey());
          List<Object> child = append(path, key);
          if (masker.isSecretKey(key)) {
            if (!SecretMasker.MASK.equals(e.getValue())) {
              report.add(
                  located.line(child),
                  "secret in clear: " + pathText(child) + " must be " + q(SecretMasker.MASK));
            }
          } else {
            secrets(e.getValue(), child);
          }
        }
      } else if (node instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          secrets(list.get(i), append(path, i));
        }
      }
    }
  }

  /**
   * Parses and checks a header: every part valid for the schema, the id shaped and named after the
   * scope and type. Returns the parts when the header has the six-part shape, else null.
   */
  private @Nullable Header checkHeader(String text, int line, Report report) {
    Matcher m = HEADER.matcher(text);
    if (!m.matches()) {
      report.add(line, "header " + q(text) + " is not [SCOPE][TYPE][VARIANT][ID][VERSION][STATUS]");
      return null;
    }
    String scope = m.group(1);
    String type = m.group(2);
    String variant = m.group(3);
    String id = m.group(4);
    String version = m.group(5);
    String status = m.group(6);
    rules.checkScope(scope).ifPresent(r -> report.add(line, "header " + r.message()));
    rules.checkType(type).ifPresent(r -> report.add(line, "header " + r.message()));
    if (!variants.contains(variant)) {
      report.add(
          line,
          "header variant " + q(variant) + " is not one of " + String.join(", ", variantList));
    }
    Matcher idMatch = ID.matcher(id);
    if (!idMatch.matches()) {
      report.add(
          line,
          "header id " + q(id) + " is not SCOPE-TYPE- followed by 10 Crockford base32 characters");
    } else if (!idMatch.group(1).equals(scope) || !idMatch.group(2).equals(type)) {
      report.add(
          line,
          "header id "
              + id
              + " does not start with the header's scope and type ("
              + scope
              + "-"
              + type
              + "-)");
    }
    rules.checkVersion(version).ifPresent(r -> report.add(line, "header " + r.message()));
    rules.checkStatus(status).ifPresent(r -> report.add(line, "header " + r.message()));
    try {
      return new Header(scope, type, variant, id, version, status);
    } catch (IllegalArgumentException e) {
      // An empty part or whitespace: already reported through the part checks above.
      return null;
    }
  }

  /**
   * Typed access to the keys of one map of a document, reporting what is missing or wrong. For an
   * entry config the schema has said that already: there {@code refused} holds the paths it
   * refused, whose values read as absent and are not reported again.
   */
  private static final class Fields {
    private final Map<String, Object> map;
    private final List<Object> path;
    private final YamlCodec.Located located;
    private final Report report;
    private final String prefix;
    // Null for an index row, which no schema checked.
    private final @Nullable Set<List<Object>> refused;

    Fields(
        Map<String, Object> map,
        List<Object> path,
        YamlCodec.Located located,
        Report report,
        String prefix,
        @Nullable Set<List<Object>> refused) {
      this.map = map;
      this.path = path;
      this.located = located;
      this.report = report;
      this.prefix = prefix;
      this.refused = refused;
    }

    /**
     * Whether the value of {@code key} is there to check: present and not refused by the schema.
     */
    private boolean checkable(String key) {
      return map.containsKey(key) && (refused == null || !refused.contains(append(path, key)));
    }

    int line(String key) {
      return located.line(append(path, key));
    }

    void requireKeys(List<String> keys) {
      for (String key : keys) {
        if (!map.containsKey(key)) {
          report.add(located.line(path), "missing key " + q(prefix + key));
        }
      }
    }

    void allowOnly(List<String> keys) {
      for (String key : map.keySet()) {
        if (!keys.contains(key)) {
          report.add(
              line(key),
              "unknown key " + q(prefix + key) + " (allowed: " + String.join(", ", keys) + ")");
        }
      }
    }

    Optional<String> string(String key) {
      if (!checkable(key)) {
        return Optional.empty();
      }
      if (map.get(key) instanceof String s) {
        return Optional.of(s);
      }
      if (refused != null) {
        return Optional.empty(); // a schema that allows other types: nothing more to check here
      }
      report.add(line(key), prefix + key + " must be a string, not " + kind(map.get(key)));
      return Optional.empty();
    }

    Optional<Map<String, Object>> map(String key) {
      if (!checkable(key)) {
        return Optional.empty();
      }
      if (map.get(key) instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        return Optional.of(typed);
      }
      if (refused != null) {
        return Optional.empty();
      }
      report.add(line(key), prefix + key + " must be a map, not " + kind(map.get(key)));
      return Optional.empty();
    }

    void positiveInt(String key) {
      if (map.containsKey(key)
          && !(map.get(key) instanceof Long n && n >= 1 && n <= Integer.MAX_VALUE)) {
        report.add(
            line(key),
            prefix + key + " must be a whole number from 1, not " + YamlCodec.flow(map.get(key)));
      }
    }

    boolean hash(String key, String value) {
      if (HASH.matcher(value).matches()) {
        return true;
      }
      report.add(
          line(key),
          prefix + key + " " + q(value) + " is not 64 lowercase hex characters (SHA-256)");
      return false;
    }

    /** Reports when the string under {@code key} differs from what the header says. */
    void agrees(String key, String expected, String source) {
      if (checkable(key) && map.get(key) instanceof String actual && !actual.equals(expected)) {
        report.add(
            line(key),
            prefix
                + key
                + " "
                + q(actual)
                + " does not match the "
                + source
                + " ("
                + expected
                + ")");
      }
    }

    void problem(String key, Rejection rejection) {
      report.add(line(key), prefix.isEmpty() ? rejection.message() : prefix + rejection.message());
    }
  }

  /** Problems in the order found; sorted by line when done. */
  private static final class Report {
    private final List<Problem> problems = new ArrayList<>();

    void add(int line, String message) {
      problems.add(new Problem(line, message));
    }

    List<Problem> sorted() {
      List<Problem> out = new ArrayList<>(problems);
      out.sort(Comparator.comparingInt(Problem::line)); // stable: keeps check order per line
      return List.copyOf(out);
    }

    int size() {
      return problems.size();
    }

    /** Hands the problems over, sorted, and forgets them. */
    void drainTo(Consumer<Problem> out) {
      if (!problems.isEmpty()) {
        sorted().forEach(out);
        problems.clear();
      }
    }
  }

  private static List<Object> append(List<Object> path, Object segment) {
    List<Object> longer = new ArrayList<>(path);
    longer.add(segment);
    return longer;
  }

  private static String pathText(List<Object> path) {
    StringBuilder out = new StringBuilder();
    for (Object segment : path) {
      if (segment instanceof Integer i) {
        out.append('[').append(i).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(segment);
      }
    }
    return out.toString();
  }

  /** What a YAML value is, as a noun: "a string", "a map", "null". */
  static String kind(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map) {
      return "a map";
    }
    if (value instanceof List) {
      return "a list";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof Number) {
      return "a number";
    }
    return "a " + value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  /** Quoted and escaped; long enough for a file name or a grepable header, cut beyond that. */
  static String q(String text) {
    return UserText.quote(text, 120);
  }
}
