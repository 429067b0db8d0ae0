package dev.registrystreams.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.registrystreams.app.RegistryStreamsApp;
import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.client.RoundTrip;
import dev.registrystreams.client.SharedRoundTrip;
import dev.registrystreams.core.RequestLimits;
import dev.registrystreams.topology.CacheHits;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /requests} and {@code POST /requests:batch}: generation over HTTP, as the replaced
 * service's API answered it. Each request is sent to the requests topic exactly as a Kafka producer
 * sends it (keyed by its dedup key, Avro single-object encoded), through one long-lived producer,
 * and answered through one read-committed consumer of the answer topics ({@link SharedRoundTrip}):
 * 200 with the entry, 422 with the dead letter, 504 when no answer came in time. A request this
 * instance's own store can answer UNCHANGED is answered from it ({@code source: cache}, {@link
 * StoreCacheHits}).
 *
 * <p>The server serves this group only while writes are on ({@link HttpSettings#writesOn()}).
 * Callers wait without holding a server thread: the answer completes the HTTP exchange. At most
 * {@link WriteSettings#maxWaiting()} requests wait at once (503 past it), so that a flood of
 * callers holds a bounded amount of memory. {@link WriteMeters} counts and times them.
 */
public final class WriteEndpoints implements HttpEndpoints {

  static final String PATH = "/requests";
  static final String BATCH_PATH = "/requests:batch";

  /** The paths that take POST when writes are on. */
  static final Set<String> PATHS = Set.of(PATH, BATCH_PATH);

  private static final Logger log = LoggerFactory.getLogger(WriteEndpoints.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EntryJson ENTRY_JSON = new EntryJson(JSON);
  private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,9})(ms|s|m)?");
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final InstanceSlot slot;
  private final WriteSettings settings;
  private final TokenBucket rate;
  // Requests sent (or about to be) whose answers are awaited: reserved before a request is sent,
  // released once its caller has its answer, its timeout, or its failure.
  private final AtomicInteger waiting = new AtomicInteger();
  private final WriteMeters meters;
  private final Object lock = new Object();
  private @Nullable CompletableFuture<Clients> clients;
  private volatile boolean closed;

  /** One answer: its HTTP status and the JSON body {@code POST /requests} answers with. */
  private record Result(int status, ObjectNode body) {
    /** A batch's item: the status beside the body, since an entry has a status field of its own. */
    ObjectNode item() {
      ObjectNode item = JSON.createObjectNode();
      item.put("status", status);
      item.set("body", body);
      return item;
    }
  }

  /** What the group needs of a running instance, made once for it. */
  private record Clients(SharedRoundTrip trip, StoreCacheHits cache, RegistryStreamsApp app) {}

  /**
   * The group for {@code slot}'s instance, bounded by {@code settings}, metered in {@code
   * registry}.
   */
  public WriteEndpoints(InstanceSlot slot, WriteSettings settings, MeterRegistry registry) {
    this.slot = slot;
    this.settings = settings;
    this.meters = new WriteMeters(registry, waiting);
    this.rate = new TokenBucket(settings.ratePerSecond(), Math.max(1, settings.ratePerSecond()));
    // The producer and the consumer are made as soon as the instance exists, off its starting
    // thread, so that the first caller does not wait for them.
    slot.onSet(app -> clients(app));
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.post(PATH, this::one, Access.WRITE);
    routes.post(BATCH_PATH, this::batch, Access.WRITE);
    // After handlers run once the exchange's status is final (after an async answer, and after a
    // refusal by the method check or the token check too).
    for (String path : PATHS) {
      routes.after(path, ctx -> meters.exchange(path, ctx.statusCode()));
    }
  }

  /** Requests waiting for their answers now. */
  int waiting() {
    return waiting.get();
  }

  private void one(Context ctx) {
    long arrived = System.nanoTime();
    requireJson(ctx, false);
    Duration timeout = timeout(ctx);
    boolean cache = cache(ctx);
    limitRate(1);
    byte[] body = body(ctx, WriteSettings.MAX_REQUEST_BYTES);
    JsonNode node = RequestJson.parse(body, "the body");
    Clients c = ready();
    GenerationRequest request = RequestJson.toRequest(node, limits(c), "");
    if (cache) {
      Optional<RegistryEntry> hit = c.cache().unchangedAnswer(request);
      if (hit.isPresent()) {
        writeJson(ctx, entryJson(hit.get(), true));
        meters.answered(WriteMeters.Source.cache, System.nanoTime() - arrived);
        return;
      }
    }
    reserve(1);
    CompletableFuture<Result> answer = answer(c, request, timeout, arrived);
    ctx.future(
        () ->
            answer.handle(
                (result, error) -> {
                  if (error != null) {
                    RegistryHttpServer.problem(asProblem(error), ctx);
                    return null;
                  }
                  ctx.status(result.status());
                  writeJson(ctx, result.body());
                  return null;
                }));
  }

  private void batch(Context ctx) {
    long arrived = System.nanoTime();
    boolean lines = requireJson(ctx, true);
    Duration timeout = timeout(ctx);
    boolean cache = cache(ctx);
    byte[] body = body(ctx, WriteSettings.MAX_BATCH_BYTES);
    List<JsonNode> nodes = batchNodes(body, lines);
    Clients c = ready();
    List<GenerationRequest> requests = batchRequests(nodes, limits(c));
    checkBatchSize(requests.size());
    limitRate(requests.size());
    List<Optional<RegistryEntry>> hits = new ArrayList<>(requests.size());
    int misses = 0;
    for (GenerationRequest request : requests) {
      Optional<RegistryEntry> hit = cache ? c.cache().unchangedAnswer(request) : Optional.empty();
      hits.add(hit);
      misses += hit.isPresent() ? 0 : 1;
    }
    // All of the batch's round trips or none: a batch is not half sent for want of room.
    reserve(misses);
    List<CompletableFuture<Result>> answers = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      GenerationRequest request = requests.get(i);
      Optional<RegistryEntry> hit = hits.get(i);
      if (hit.isPresent()) {
        answers.add(CompletableFuture.completedFuture(new Result(200, entryJson(hit.get(), true))));
        meters.answered(WriteMeters.Source.cache, System.nanoTime() - arrived);
        continue;
      }
      answers.add(
          answer(c, request, timeout, arrived)
              .exceptionally(error -> problemResult(asProblem(error), request.getRequestId())));
    }
    ctx.future(
        () ->
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .handle(
                    (done, error) -> {
                      ArrayNode out = JSON.createArrayNode();
                      answers.forEach(a -> out.add(a.join().item()));
                      ObjectNode json = JSON.createObjectNode();
                      json.set("answers", out);
                      writeJson(ctx, json);
                      return null;
                    }));
  }

  /**
   * Refuses, with 413, a batch that could never pass as a whole: larger than the rate bound lets
   * through at once, or than may wait for answers at once.
   */
  private void checkBatchSize(int size) {
    if (size > rate.capacity()) {
      throw HttpProblem.of(
          413,
          "a batch of "
              + size
              + " requests is more than the rate bound lets through at once ("
              + (long) rate.capacity()
              + ")");
    }
    if (size > settings.maxWaiting()) {
      throw HttpProblem.of(
          413,
          "a batch of "
              + size
              + " requests is more than may wait for their answers at once ("
              + settings.maxWaiting()
              + ")");
    }
  }

  /**
   * {@link #roundTrip}, for a request {@link #reserve reserved} for: its place is given back, and
   * the time since it {@code arrived} is recorded for an answer.
   */
  private CompletableFuture<Result> answer(
      Clients c, GenerationRequest request, Duration timeout, long arrived) {
    CompletableFuture<Result> result;
    try {
      result = roundTrip(c, request, timeout);
    } catch (RuntimeException e) {
      waiting.decrementAndGet();
      throw e;
    }
    return result.whenComplete(
        (done, error) -> {
          waiting.decrementAndGet();
          if (done != null && (done.status() == 200 || done.status() == 422)) {
            meters.answered(WriteMeters.Source.kafka, System.nanoTime() - arrived);
          }
        });
  }

  /**
   * Sends {@code request} and completes with its answer's JSON, {@code status} in it: 200 for an
   * entry, 422 for a dead letter, 504 when none came within {@code timeout}, or 202 once the broker
   * acknowledged it for a timeout of 0. Fails with an {@link HttpProblem} when it was not sent.
   */
  private CompletableFuture<Result> roundTrip(
      Clients c, GenerationRequest request, Duration timeout) {
    String id = request.getRequestId();
    SharedRoundTrip.Pending pending;
    try {
      pending = c.trip().send(request, SharedRoundTrip.keyOf(CacheHits.dedupKey(request)));
    } catch (SharedRoundTrip.DuplicateRequestIdException e) {
      return CompletableFuture.failedFuture(
          HttpProblem.withDetails(409, messageOf(e), null, Map.of("requestId", id)));
    } catch (SharedRoundTrip.TooManyWaitingException e) {
      return CompletableFuture.failedFuture(
          HttpProblem.withDetails(503, messageOf(e), RETRY, Map.of("requestId", id)));
    } catch (SharedRoundTrip.NotSentException e) {
      return CompletableFuture.failedFuture(notSent(id, e));
    }
    if (timeout.isZero()) {
      return pending
          .sent()
          .orTimeout(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .handle(
              (ok, error) -> {
                // Nobody waits for this answer here: it is read on the topic.
                pending.answer().cancel(false);
                if (error != null) {
                  throw new CompletionException(unsentOrUnacknowledged(id, error));
                }
                ObjectNode json = JSON.createObjectNode();
                json.put("status", 202);
                json.put("requestId", id);
                json.put("sent", true);
                json.put(
                    "message",
                    "sent; its answer will be on "
                        + c.app().config().topics().entries()
                        + " (or "
                        + c.app().config().topics().rejected()
                        + ")");
                return new Result(202, json);
              });
    }
    return pending
        .answer()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (reply, error) -> {
              if (error == null) {
                return replyResult(reply);
              }
              Throwable cause = unwrap(error);
              if (cause instanceof TimeoutException) {
                return timedOut(c, id, pending, timeout);
              }
              throw new CompletionException(unsentOrUnacknowledged(id, cause));
            });
  }

  /**
   * Writes {@code json} as the answer's body, straight to bytes: Javalin's {@code ctx.json} would
   * go through a mapper of its own and a String, on the thread that hands out answers.
   */
  private static void writeJson(Context ctx, JsonNode json) {
    try {
      ctx.contentType("application/json").result(JSON.writeValueAsBytes(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Result replyResult(RoundTrip.Reply reply) {
    if (reply instanceof RoundTrip.Answered answered) {
      return new Result(200, entryJson(answered.entry(), false));
    }
    DeadLetter letter = ((RoundTrip.Rejected) reply).letter();
    ObjectNode json = JSON.createObjectNode();
    json.put("error", "rejected: " + letter.getReason() + ": " + letter.getMessage());
    json.put("status", 422);
    json.put("requestId", text(letter.getRequestId()));
    json.put("outcome", "REJECTED");
    json.put("reason", text(letter.getReason()));
    json.put("message", text(letter.getMessage()));
    return new Result(422, json);
  }

  /** The entry's JSON view, as {@code GET /entries/{id}} gives it, and where it came from. */
  private static ObjectNode entryJson(RegistryEntry entry, boolean fromCache) {
    ObjectNode json = ENTRY_JSON.toJson(entry);
    json.put("source", fromCache ? "cache" : "kafka");
    return json;
  }

  private Result timedOut(Clients c, String id, SharedRoundTrip.Pending pending, Duration timeout) {
    boolean acknowledged = pending.sent().isDone() && !pending.sent().isCompletedExceptionally();
    ObjectNode json = JSON.createObjectNode();
    json.put(
        "error",
        "no answer within "
            + timeout.toMillis()
            + " ms; the request "
            + (acknowledged ? "was sent" : "was handed to the producer, not yet acknowledged,")
            + " and will still be answered on "
            + c.app().config().topics().entries()
            + " (or "
            + c.app().config().topics().rejected()
            + ") under its request id");
    json.put("status", 504);
    json.put("requestId", id);
    json.put("sent", acknowledged);
    return new Result(504, json);
  }

  private static HttpProblem unsentOrUnacknowledged(String id, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof SharedRoundTrip.NotSentException notSent) {
      return notSent(id, notSent);
    }
    if (cause instanceof SharedRoundTrip.StoppedException) {
      return HttpProblem.withDetails(
          503,
          "the server is stopping; the request was sent and will still be answered on the"
              + " answer topics under its request id",
          RETRY,
          Map.of("requestId", id, "sent", true));
    }
    if (cause instanceof TimeoutException) {
      return HttpProblem.withDetails(
          504,
          "the broker did not acknowledge the request within "
              + ACK_TIMEOUT.toSeconds()
              + " s; it may still be sent and answered under its request id",
          null,
          Map.of("requestId", id, "sent", false));
    }
    if (cause instanceof HttpProblem problem) {
      return problem;
    }
    log.warn("Request {} failed: {}", id, cause.toString());
    return HttpProblem.withDetails(
        500,
        "internal error; the application's log has the details",
        null,
        Map.of("requestId", id));
  }

  private static HttpProblem notSent(String id, SharedRoundTrip.NotSentException e) {
    // The producer's message names the topic and the broker's reason; never the record.
    return HttpProblem.withDetails(
        503, messageOf(e), RETRY, Map.of("requestId", id, "sent", false));
  }

  /** The round trip's exceptions always carry a message; their class name would stand in. */
  private static String messageOf(RuntimeException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static Result problemResult(HttpProblem problem, String requestId) {
    ObjectNode json = JSON.createObjectNode();
    json.put("error", problem.getMessage());
    json.put("status", problem.status());
    problem.details().forEach((k, v) -> json.putPOJO(k, v));
    if (!json.has("requestId")) {
      json.put("requestId", requestId);
    }
    return new Result(problem.status(), json);
  }

  private static HttpProblem asProblem(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof HttpProblem problem) {
      return problem;
    }
    log.warn("A write failed: {}", cause.toString());
    return HttpProblem.of(500, "internal error; the application's log has the details");
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The JSON values of a batch: a JSON array, or one per line. */
  private static List<JsonNode> batchNodes(byte[] body, boolean lines) {
    List<JsonNode> nodes = new ArrayList<>();
    if (lines) {
      String text = new String(body, StandardCharsets.UTF_8);
      int lineNumber = 0;
      for (String line : text.split("\r?\n", -1)) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        nodes.add(RequestJson.parse(line.getBytes(StandardCharsets.UTF_8), "line " + lineNumber));
        if (nodes.size() > WriteSettings.MAX_BATCH_REQUESTS) {
          throw tooManyInBatch();
        }
      }
    } else {
      JsonNode all = RequestJson.parse(body, "the body");
      if (!all.isArray()) {
        throw HttpProblem.of(
            400, "a batch is a JSON array of requests, or JSON Lines (application/jsonl)");
      }
      if (all.size() > WriteSettings.MAX_BATCH_REQUESTS) {
        throw tooManyInBatch();
      }
      all.forEach(nodes::add);
    }
    if (nodes.isEmpty()) {
      throw HttpProblem.of(400, "the batch holds no request");
    }
    return nodes;
  }

  /** The requests of a batch, every one checked before any is sent. */
  private static List<GenerationRequest> batchRequests(List<JsonNode> nodes, RequestLimits limits) {
    List<GenerationRequest> requests = new ArrayList<>(nodes.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      String where = "request " + i + ": ";
      GenerationRequest request = RequestJson.toRequest(nodes.get(i), limits, where);
      if (!ids.add(request.getRequestId())) {
        // Two answers under one id could not be told apart.
        throw HttpProblem.of(400, where + "field 'requestId' repeats an earlier request's");
      }
      requests.add(request);
    }
    return requests;
  }

  private static HttpProblem tooManyInBatch() {
    return HttpProblem.of(
        413, "a batch holds at most " + WriteSettings.MAX_BATCH_REQUESTS + " requests");
  }

  /**
   * JSON only (a JSON Lines batch too): a browser's cross-site form can send neither without asking
   * first, which this server does not answer. True for JSON Lines.
   */
  private static boolean requireJson(Context ctx, boolean linesToo) {
    String type = ctx.contentType();
    String mime =
        type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    if (mime.equals("application/json")) {
      return false;
    }
    if (linesToo
        && (mime.equals("application/jsonl")
            || mime.equals("application/x-ndjson")
            || mime.equals("application/jsonlines"))) {
      return true;
    }
    throw HttpProblem.of(
        415,
        "Content-Type must be application/json"
            + (linesToo ? " (a JSON array) or application/jsonl (JSON Lines)" : ""));
  }

  /** {@code ?timeout=}: 500ms, 10s, 2m or whole seconds; 0 answers 202 once it is sent. */
  private static Duration timeout(Context ctx) {
    String text = ctx.queryParam("timeout");
    if (text == null) {
      return WriteSettings.DEFAULT_TIMEOUT;
    }
    Matcher m = TIMEOUT.matcher(text.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      Duration d =
          switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
          };
      if (d.compareTo(WriteSettings.MAX_TIMEOUT) <= 0) {
        return d;
      }
    }
    throw HttpProblem.badParameter(
        "timeout",
        "must be a duration such as 500ms, 10s or 2m, at most "
            + WriteSettings.MAX_TIMEOUT.toSeconds()
            + " s (0: answer 202 once the request is sent)");
  }

  /** {@code ?cache=false} makes the round trip even when the store could answer. */
  private static boolean cache(Context ctx) {
    String text = ctx.queryParam("cache");
    if (text == null || text.equals("true")) {
      return true;
    }
    if (text.equals("false")) {
      return false;
    }
    throw HttpProblem.badParameter("cache", "must be true or false");
  }

  private void limitRate(int count) {
    Duration wait = rate.take(count);
    if (!wait.isZero()) {
      meters.refused(WriteMeters.Refusal.rate, count);
      throw HttpProblem.withDetails(
          429,
          "more than "
              + java.math.BigDecimal.valueOf(settings.ratePerSecond())
                  .stripTrailingZeros()
                  .toPlainString()
              + " requests per second; try again after Retry-After",
          wait,
          Map.of());
    }
  }

  /**
   * Takes places for {@code count} requests among those that may wait for their answers: a 503 with
   * {@code Retry-After} when there is not room for all of them, and nothing is sent.
   */
  private void reserve(int count) {
    if (count == 0) {
      return;
    }
    if (waiting.addAndGet(count) > settings.maxWaiting()) {
      waiting.addAndGet(-count);
      meters.refused(WriteMeters.Refusal.waiting, count);
      throw HttpProblem.withDetails(
          503,
          (count == 1 ? "" : "a batch of " + count + " round trips: ")
              + "more than "
              + settings.maxWaiting()
              + " requests would be waiting for their answers (--http-max-waiting); try again"
              + " after Retry-After",
          RETRY,
          Map.of());
    }
  }

  /** The body, at most {@code max} bytes: a 413 past that, before more of it is read. */
  private static byte[] body(Context ctx, int max) {
    long length = ctx.req().getContentLengthLong();
    if (length > max) {
      throw tooLarge(max);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (out.size() + n > max) {
          throw tooLarge(max);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw HttpProblem.of(400, "the body could not be read");
    }
  }

  private static HttpProblem tooLarge(int max) {
    return HttpProblem.of(413, "the body is larger than " + max / 1024 + " KiB");
  }

  private static RequestLimits limits(Clients c) {
    return c.app().config().schema().limits();
  }

  /** The instance's clients, made for it once: 503 while the instance or they are starting. */
  private Clients ready() {
    RegistryStreamsApp app = slot.require();
    CompletableFuture<Clients> made = clients(app);
    try {
      return made.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw HttpProblem.notReady("the write path is connecting to Kafka", RETRY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw HttpProblem.notReady("interrupted", RETRY);
    } catch (java.util.concurrent.ExecutionException e) {
      synchronized (lock) {
        // The next caller tries again: the topics may exist by then.
        if (clients == made) {
          clients = null;
        }
      }
      throw HttpProblem.notReady(
          "the write path cannot reach its topics: "
              + Objects.requireNonNullElse(e.getCause(), e).getMessage(),
          RETRY);
    }
  }

  private CompletableFuture<Clients> clients(RegistryStreamsApp app) {
    synchronized (lock) {
      if (closed) {
        throw HttpProblem.notReady("the server is stopping", RETRY);
      }
      if (clients == null || clients.isCompletedExceptionally()) {
        clients =
            CompletableFuture.supplyAsync(
                () ->
                    new Clients(
                        SharedRoundTrip.start(
                            app.config().clientProperties(),
                            app.config().topics(),
                            settings.maxWaiting(),
                            START_TIMEOUT),
                        new StoreCacheHits(app),
                        app),
                runnable -> {
                  Thread t = new Thread(runnable, "http-writes-start");
                  t.setDaemon(true);
                  t.start();
                });
      }
      return clients;
    }
  }

  private static @Nullable String text(@Nullable CharSequence value) {
    return value == null ? null : value.toString();
  }

  /** Closes the producer (sending what it holds) and the answer consumer. */
  @Override
  public void close() {
    CompletableFuture<Clients> made;
    synchronized (lock) {
      closed = true;
      made = clients;
    }
    if (made != null) {
      made.thenAccept(c -> c.trip().close());
    }
  }
}
