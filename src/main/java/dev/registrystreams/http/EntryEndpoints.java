package dev.registrystreams.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.RegistrySchema;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HostInfo;
import org.jspecify.annotations.Nullable;

/**
 * {@code /entries/{id}}, {@code /entries/by-key/{dedupKey}}, {@code /entries} and {@code
 * /entries/stats}: the registry read through interactive queries on the instances that own each
 * partition, whichever instance is asked.
 */
public final class EntryEndpoints implements HttpEndpoints {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EntryJson ENTRY_JSON = new EntryJson(JSON);

  private final InstanceSlot slot;
  private volatile @Nullable Lookups lookups;

  public EntryEndpoints(InstanceSlot slot) {
    this.slot = slot;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    // Before /entries/{id}, which would match them too.
    HttpEndpoints.get(routes, "/entries/stats", Access.DATA, this::stats);
    HttpEndpoints.get(routes, "/entries/by-key/{dedupKey}", Access.DATA, this::byKey);
    HttpEndpoints.get(routes, "/entries/{id}", Access.DATA, this::byId);
    HttpEndpoints.get(routes, "/entries", Access.DATA, this::list);
    routes.exception(Relayed.class, (relayed, ctx) -> PeerCalls.relay(relayed.answer, ctx));
  }

  /** What a lookup needs of the running instance, made once it exists. */
  private record Lookups(
      RegistryStreamsApp app, LocalEntries local, EntryOwners owners, PeerCalls peers) {
    RegistrySchema schema() {
      return app.config().schema();
    }
  }

  private Lookups lookups() {
    RegistryStreamsApp app = slot.require();
    Lookups current = lookups;
    if (current == null || current.app() != app) {
      EntryOwners owners = new EntryOwners(app.streams(), app.config());
      current =
          new Lookups(app, new LocalEntries(app.streams()), owners, new PeerCalls(owners.self()));
      lookups = current;
    }
    return current;
  }

  private void byId(Context ctx) {
    String id = ctx.pathParam("id");
    EntryFormat format = EntryFormat.of(ctx);
    if (!EntryIds.isId(id)) {
      throw HttpProblem.badParameter("id", "must be an entry id SCOPE-TYPE-XXXXXXXXXX");
    }
    Lookups l = lookups();
    String self = EntryOwners.text(l.owners().self());
    if (PeerCalls.forwarded(ctx)) {
      for (int partition : PeerCalls.partitionsOf(ctx)) {
        byte[] stored = l.local().get(id, partition);
        if (stored != null) {
          answer(ctx, format, EntryJson.decode(stored), self);
          return;
        }
      }
      throw noSuchId(id);
    }
    EntryOwners.Owner owner = l.owners().ownerOf(id);
    if (owner.host().equals(l.owners().self())) {
      byte[] stored = l.local().get(id, owner.partition());
      if (stored == null) {
        throw noSuchId(id);
      }
      answer(ctx, format, EntryJson.decode(stored), self);
      return;
    }
    PeerCalls.relay(await(l.peers().forward(owner.host(), ctx, Set.of(owner.partition()))), ctx);
  }

  private void byKey(Context ctx) {
    String dedupKey = ctx.pathParam("dedupKey");
    EntryFormat format = EntryFormat.of(ctx);
    if (!EntryIds.isDedupKey(dedupKey)) {
      throw HttpProblem.badParameter("dedupKey", "must be 32 lowercase hex characters");
    }
    Lookups l = lookups();
    String self = EntryOwners.text(l.owners().self());
    int count = l.owners().partitionCount();
    Map<Integer, List<String>> candidates =
        EntryIds.candidates(dedupKey, l.schema()).stream()
            .collect(
                Collectors.groupingBy(
                    id -> dev.registrystreams.topology.EntryKeyPartitioner.partitionOf(id, count),
                    TreeMap::new,
                    Collectors.toList()));
    Map<HostInfo, Set<Integer>> owners;
    if (PeerCalls.forwarded(ctx)) {
      owners = Map.of(l.owners().self(), PeerCalls.partitionsOf(ctx));
    } else {
      owners = l.owners().ownersOf(candidates.keySet());
    }
    // The local partitions first: a hit there needs no other instance.
    Set<Integer> local = owners.getOrDefault(l.owners().self(), Set.of());
    RegistryEntry hit = localEntryOf(l, candidates, local, dedupKey);
    if (hit != null) {
      answer(ctx, format, hit, self);
      return;
    }
    HttpResponse<String> peerAnswer = askPeers(l, ctx, owners);
    if (peerAnswer != null) {
      PeerCalls.relay(peerAnswer, ctx);
      return;
    }
    throw HttpProblem.notFound("no entry with dedup key " + dedupKey);
  }

  /**
   * The entry of {@code dedupKey} in the {@code local} partitions, or null.
   *
   * @param candidates the ids the key may have, by partition
   */
  private static @Nullable RegistryEntry localEntryOf(
      Lookups l, Map<Integer, List<String>> candidates, Set<Integer> local, String dedupKey) {
    for (int partition : local) {
      for (String id : candidates.getOrDefault(partition, List.of())) {
        byte[] stored = l.local().get(id, partition);
        if (stored == null) {
          continue;
        }
        RegistryEntry entry = EntryJson.decode(stored);
        // Another key may share the id (a collision the topology rejected): not this key's entry.
        if (entry.getDedupKey().toString().equals(dedupKey)) {
          return entry;
        }
      }
    }
    return null;
  }

  /**
   * Forwards the request to the other owners at once, then takes their answers in turn.
   *
   * @return the first 200; else the first answer that is not a 404, since a partition that could
   *     not answer may hold the entry; null when every owner answered 404
   */
  private static @Nullable HttpResponse<String> askPeers(
      Lookups l, Context ctx, Map<HostInfo, Set<Integer>> owners) {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    owners.forEach(
        (host, partitions) -> {
          if (!host.equals(l.owners().self())) {
            calls.add(l.peers().forward(host, ctx, partitions));
          }
        });
    @Nullable HttpResponse<String> unavailable = null;
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> answer = await(call);
      if (answer.statusCode() == 200) {
        return answer;
      }
      if (answer.statusCode() != 404 && unavailable == null) {
        unavailable = answer;
      }
    }
    return unavailable;
  }

  private void list(Context ctx) {
    Lookups l = lookups();
    ListQuery query = ListQuery.of(ctx, l.schema());
    int count = l.owners().partitionCount();
    if (PeerCalls.forwarded(ctx)) {
      ctx.header(PeerCalls.SERVED_BY, EntryOwners.text(l.owners().self()));
      ctx.json(localPage(l, query, PeerCalls.partitionsOf(ctx), count));
      return;
    }
    Map<HostInfo, Set<Integer>> owners = l.owners().ownersOf(l.owners().allPartitions());
    List<JsonNode> pages = new ArrayList<>();
    Set<String> servedBy = new TreeSet<>();
    for (Map.Entry<HostInfo, JsonNode> answer : gather(l, ctx, owners).entrySet()) {
      servedBy.add(EntryOwners.text(answer.getKey()));
      pages.add(answer.getValue());
    }
    if (owners.containsKey(l.owners().self())) {
      pages.add(localPage(l, query, owners.get(l.owners().self()), count));
      servedBy.add(EntryOwners.text(l.owners().self()));
    }
    ctx.header(PeerCalls.SERVED_BY, String.join(", ", servedBy));
    ctx.json(merge(pages, query.limit()));
  }

  private void stats(Context ctx) {
    Lookups l = lookups();
    int count = l.owners().partitionCount();
    if (PeerCalls.forwarded(ctx)) {
      ctx.header(PeerCalls.SERVED_BY, EntryOwners.text(l.owners().self()));
      ctx.json(statsJson(localCounts(l, PeerCalls.partitionsOf(ctx), count), l.schema()));
      return;
    }
    Map<HostInfo, Set<Integer>> owners = l.owners().ownersOf(l.owners().allPartitions());
    Map<String, Long> counts = new LinkedHashMap<>();
    Set<String> servedBy = new TreeSet<>();
    for (Map.Entry<HostInfo, JsonNode> answer : gather(l, ctx, owners).entrySet()) {
      servedBy.add(EntryOwners.text(answer.getKey()));
      answer
          .getValue()
          .get("byScope")
          .properties()
          .forEach(e -> counts.merge(e.getKey(), e.getValue().asLong(), Long::sum));
    }
    if (owners.containsKey(l.owners().self())) {
      localCounts(l, owners.get(l.owners().self()), count)
          .forEach((scope, n) -> counts.merge(scope, n, Long::sum));
      servedBy.add(EntryOwners.text(l.owners().self()));
    }
    ctx.header(PeerCalls.SERVED_BY, String.join(", ", servedBy));
    ctx.json(statsJson(counts, l.schema()));
  }

  /** The JSON answers of every other owner; the first that is not 200 is this answer too. */
  private static Map<HostInfo, JsonNode> gather(
      Lookups l, Context ctx, Map<HostInfo, Set<Integer>> owners) {
    Map<HostInfo, CompletableFuture<HttpResponse<String>>> calls = new LinkedHashMap<>();
    owners.forEach(
        (host, partitions) -> {
          if (!host.equals(l.owners().self())) {
            calls.put(host, l.peers().forward(host, ctx, partitions));
          }
        });
    Map<HostInfo, JsonNode> answers = new LinkedHashMap<>();
    for (Map.Entry<HostInfo, CompletableFuture<HttpResponse<String>>> call : calls.entrySet()) {
      HttpResponse<String> answer = await(call.getValue());
      if (answer.statusCode() != 200) {
        throw new Relayed(answer);
      }
      answers.put(call.getKey(), parse(answer.body()));
    }
    return answers;
  }

  private static ObjectNode localPage(Lookups l, ListQuery query, Set<Integer> partitions, int n) {
    List<JsonNode> pages = new ArrayList<>();
    for (int partition : partitions) {
      LocalEntries.Page page =
          l.local()
              .page(
                  partition,
                  n,
                  query.after(),
                  query.from(),
                  query.to(),
                  query.filter(),
                  query.limit());
      ArrayNode entries = JSON.createArrayNode();
      for (KeyValue<String, byte[]> entry : page.entries()) {
        entries.add(ENTRY_JSON.toJson(EntryJson.decode(entry.value)));
      }
      ObjectNode json = JSON.createObjectNode();
      json.set("entries", entries);
      json.put("more", page.more());
      pages.add(json);
    }
    return merge(pages, query.limit());
  }

  /**
   * The first {@code limit} entries of several id-ordered pages, and the cursor after them: null
   * only when no page had more. Each page holds the first {@code limit} of its part, so the first
   * {@code limit} of all are among them.
   */
  static ObjectNode merge(List<JsonNode> pages, int limit) {
    TreeMap<String, JsonNode> byId = new TreeMap<>();
    boolean more = false;
    for (JsonNode page : pages) {
      page.get("entries").forEach(entry -> byId.putIfAbsent(entry.get("id").asText(), entry));
      // A local partition's page says "more"; another instance's answer has a "next" cursor.
      more |= page.path("more").asBoolean(false) || page.path("next").isTextual();
    }
    ArrayNode entries = JSON.createArrayNode();
    String last = null;
    for (Map.Entry<String, JsonNode> entry : byId.entrySet()) {
      if (entries.size() == limit) {
        more = true;
        break;
      }
      entries.add(entry.getValue());
      last = entry.getKey();
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("entries", entries);
    out.put("next", more ? last : null);
    return out;
  }

  private static Map<String, Long> localCounts(Lookups l, Set<Integer> partitions, int n) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int partition : partitions) {
      l.local().countByScope(partition, n).forEach((scope, c) -> counts.merge(scope, c, Long::sum));
    }
    return counts;
  }

  /** Every scope of the schema in its order (0 when empty), then any other scope found. */
  private static ObjectNode statsJson(Map<String, Long> counts, RegistrySchema schema) {
    ObjectNode byScope = JSON.createObjectNode();
    long total = 0;
    for (String scope : schema.header().scopes()) {
      byScope.put(scope, counts.getOrDefault(scope, 0L));
    }
    for (Map.Entry<String, Long> count : new TreeMap<>(counts).entrySet()) {
      if (!byScope.has(count.getKey())) {
        byScope.put(count.getKey(), count.getValue());
      }
    }
    for (Long count : counts.values()) {
      total += count;
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("total", total);
    out.set("byScope", byScope);
    return out;
  }

  private static void answer(Context ctx, EntryFormat format, RegistryEntry entry, String self) {
    ctx.header(PeerCalls.SERVED_BY, self);
    if (format == EntryFormat.YAML) {
      ctx.contentType(EntryFormat.YAML_TYPE).result(entry.getConfig().toString());
    } else {
      ctx.json(ENTRY_JSON.toJson(entry));
    }
  }

  private static HttpProblem noSuchId(String id) {
    return HttpProblem.notFound("no entry with id " + id);
  }

  private static HttpResponse<String> await(CompletableFuture<HttpResponse<String>> call) {
    try {
      return call.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof HttpProblem problem) {
        throw problem;
      }
      throw e;
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A peer's answer other than 200, passed on as it is. */
  static final class Relayed extends RuntimeException {
    final transient HttpResponse<String> answer;

    Relayed(HttpResponse<String> answer) {
      super(null, null, false, false);
      this.answer = answer;
    }
  }

  /** The query of a listing: filters, page size and cursor, checked. */
  record ListQuery(
      @Nullable String scope, @Nullable String type, int limit, @Nullable String after) {

    static ListQuery of(Context ctx, RegistrySchema schema) {
      String scope = ctx.queryParam("scope");
      if (scope != null && !schema.header().scopes().contains(scope)) {
        throw HttpProblem.badParameter(
            "scope", "must be one of " + String.join(", ", schema.header().scopes()));
      }
      String type = ctx.queryParam("type");
      if (type != null && !schema.header().types().contains(type)) {
        throw HttpProblem.badParameter(
            "type", "must be one of " + String.join(", ", schema.header().types()));
      }
      String after = ctx.queryParam("after");
      if (after != null && !EntryIds.isId(after)) {
        throw HttpProblem.badParameter(
            "after", "must be an entry id (the next cursor of the previous page)");
      }
      return new ListQuery(scope, type, limit(ctx.queryParam("limit")), after);
    }

    private static int limit(@Nullable String text) {
      if (text == null) {
        return DEFAULT_LIMIT;
      }
      try {
        int limit = Integer.parseInt(text);
        if (limit >= 1 && limit <= MAX_LIMIT) {
          return limit;
        }
      } catch (NumberFormatException e) {
        // Answered below, like a number out of range.
      }
      throw HttpProblem.badParameter("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** Ids of a scope are a range: the scope and a '-' start them, and scopes have no '-'. */
    @Nullable String from() {
      return scope == null ? null : scope + "-";
    }

    /** The end of the scope's range: '.' follows '-'. */
    @Nullable String to() {
      return scope == null ? null : scope + ".";
    }

    Predicate<String> filter() {
      return type == null ? id -> true : id -> EntryIds.typeOf(id).equals(type);
    }
  }
}
