package dev.registrystreams.cli;

import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.Entry;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.GenerationInput;
import dev.registrystreams.core.Header;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.Resolver;
import dev.registrystreams.topology.ContextValues;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * Distinct registry entries made by the application's own {@link Resolver}, exactly as it answers a
 * CREATED request, in the order export writes them (by id): a registry of any size without a
 * broker. Only the ids are held; each entry is made when it is reached.
 */
final class RegistryEntries implements Iterable<RegistryEntry> {

  private static final String[] SCOPES = {"GOV", "SEC", "OPS", "TECH", "FIN", "LEG", "AUD", "COMP"};
  private static final String[] TYPES = {"RULES", "SUMMARY", "PROCEDURE", "POLICY", "STANDARD"};
  private static final String[] ENVS = {"prod", "dev", "staging"};
  private static final long T0 = Instant.parse("2026-11-24T08:00:00Z").toEpochMilli();

  private static final RegistrySchema SCHEMA = RegistrySchema.defaults();

  private final Resolver resolver = new Resolver(SCHEMA);
  private final int[] byId;

  /** {@code count} entries, numbered 0 to count - 1 before they are sorted by id. */
  RegistryEntries(int count) {
    String[] ids = new String[count];
    for (int i = 0; i < count; i++) {
      ids[i] = EntryId.derive(scope(i), type(i), DedupKey.of(scope(i), type(i), title(i)));
    }
    Integer[] order = new Integer[count];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparing((Integer i) -> ids[i]));
    this.byId = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  int size() {
    return byId.length;
  }

  private static String scope(int i) {
    return SCOPES[i % SCOPES.length];
  }

  private static String type(int i) {
    return TYPES[(i / SCOPES.length) % TYPES.length];
  }

  private static String title(int i) {
    return "Access review for payments #" + i;
  }

  /** Entry number {@code i}: a request of its own, resolved against no prior entry. */
  RegistryEntry entry(int i) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", ENVS[i % ENVS.length]);
    context.put("owner", "platform");
    context.put("reviewDays", (long) (30 + i % 335));
    context.put("tags", List.of("generated", "payments"));
    if (i % 4 == 0) {
      context.put("db_password", "s3cr3t-" + i);
    }
    GenerationInput in =
        new GenerationInput("req-" + i, title(i), scope(i), type(i), context, null, null, T0 + i);
    DedupKey key = DedupKey.of(in.scope(), in.type(), in.title());
    Entry e =
        resolver.resolve(in, key.hex(), EntryId.derive(in.scope(), in.type(), key), null).entry();
    return RegistryEntry.newBuilder()
        .setRequestId(in.requestId())
        .setOutcome(Outcome.CREATED)
        .setId(e.id())
        .setDedupKey(e.dedupKey())
        .setRevision(e.revision())
        .setHeader(e.header())
        .setGrepable(e.grepable())
        .setConfig(e.config())
        .setContentHash(e.contentHash())
        .setScope(e.scope())
        .setType(e.type())
        .setVariant(e.variant())
        .setVersion(e.version())
        .setStatus(e.status())
        .setTitle(e.title())
        .setCreatedAt(Instant.ofEpochMilli(e.createdAt()))
        .setUpdatedAt(Instant.ofEpochMilli(e.updatedAt()))
        .setContext(ContextValues.toAvro(e.context()))
        .build();
  }

  /**
   * Entry number {@code i} as its index row sees it (id, header, grepable, scope, type, title and
   * revision its own, made as the Resolver makes them) but with the config and content hash of
   * {@code shared}: a million rows without making a million configs and files.
   */
  RegistryEntry sharing(int i, RegistryEntry shared) {
    DedupKey key = DedupKey.of(scope(i), type(i), title(i));
    Header h =
        new Header(
            scope(i),
            type(i),
            SCHEMA.header().defaultVariant(),
            EntryId.derive(scope(i), type(i), key),
            SCHEMA.header().defaultVersion(),
            SCHEMA.header().defaultStatus());
    RegistryEntry e = new RegistryEntry();
    e.setRequestId("req-" + i);
    e.setOutcome(Outcome.CREATED);
    e.setId(h.id());
    e.setDedupKey(key.hex());
    e.setRevision(1);
    e.setHeader(h.text());
    e.setGrepable(h.grepable());
    e.setConfig(shared.getConfig());
    e.setContentHash(shared.getContentHash());
    e.setScope(h.scope());
    e.setType(h.type());
    e.setVariant(h.variant());
    e.setVersion(h.version());
    e.setStatus(h.status());
    e.setTitle(title(i));
    e.setCreatedAt(shared.getCreatedAt());
    e.setUpdatedAt(shared.getUpdatedAt());
    e.setContext(Map.of());
    return e;
  }

  /** Every entry in id order, as {@link #sharing} makes it. */
  Iterable<RegistryEntry> sharing(RegistryEntry shared) {
    return () -> iterator(i -> sharing(i, shared));
  }

  @Override
  public Iterator<RegistryEntry> iterator() {
    return iterator(this::entry);
  }

  private Iterator<RegistryEntry> iterator(IntFunction<RegistryEntry> make) {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < byId.length;
      }

      @Override
      public RegistryEntry next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return make.apply(byId[next++]);
      }
    };
  }
}
