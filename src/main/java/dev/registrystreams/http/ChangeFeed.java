package dev.registrystreams.http;

import dev.registrystreams.app.RegistryStreamsApp;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /changes}: the config-changes topic as Server-Sent Events, live and resumable. Each
 * client gets its own reader of the topic (see {@link FeedReader}, {@link FeedSession}); this class
 * admits clients up to the bound, counts them, and ends them when the server closes.
 */
public final class ChangeFeed implements HttpEndpoints, AutoCloseable {

  static final String PATH = "/changes";
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final Supplier<FeedSource> source;
  private final FeedSettings settings;
  private final Set<FeedSession> sessions = ConcurrentHashMap.newKeySet();

  /** Clients admitted: connected, or being connected. */
  private final AtomicInteger admitted = new AtomicInteger();

  private volatile boolean closed;

  /**
   * @param source where to read, asked at each request; it throws {@link HttpProblem} 503 while
   *     there is nothing to read yet
   */
  public ChangeFeed(Supplier<FeedSource> source, FeedSettings settings) {
    this.source = source;
    this.settings = settings;
  }

  /** The feed of the instance in {@code slot}: 503 until the instance exists. */
  public static ChangeFeed of(InstanceSlot slot) {
    return new ChangeFeed(
        () -> {
          RegistryStreamsApp app = slot.require();
          return new FeedSource(
              app.config().clientProperties(), app.config().topics().configChanges());
        },
        FeedSettings.defaults());
  }

  @Override
  public void addTo(RoutesConfig routes) {
    HttpEndpoints.get(routes, PATH, Access.DATA, this::serve);
  }

  /**
   * Feed clients connected now: the number the {@code registry_change_feed_clients} gauge shows.
   */
  public int clients() {
    return sessions.size();
  }

  private void serve(Context ctx) {
    FeedRequest request = FeedRequest.parse(ctx);
    FeedSource from = source.get();
    if (ctx.method().name().equals("HEAD")) {
      streamHeaders(ctx);
      return;
    }
    admit();
    try {
      FeedSession session = open(ctx, FeedReader.open(from, request));
      if (session == null) {
        return;
      }
      sessions.add(session);
      try {
        if (closed) {
          session.stop();
        }
        session.run();
      } finally {
        sessions.remove(session);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      admitted.decrementAndGet();
    }
  }

  /**
   * Commits the response as an event stream (from here on, errors are events, not statuses); null
   * when the client is gone already.
   */
  private @Nullable FeedSession open(Context ctx, FeedReader reader) {
    try {
      streamHeaders(ctx);
      ctx.res().flushBuffer();
      return new FeedSession(reader, ctx.res().getOutputStream(), settings);
    } catch (IOException e) {
      reader.close();
      return null;
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  private void admit() {
    if (closed) {
      throw HttpProblem.notReady("the server is closing", RETRY_AFTER);
    }
    if (admitted.incrementAndGet() > settings.maxClients()) {
      admitted.decrementAndGet();
      throw HttpProblem.notReady(
          "the change feed serves at most " + settings.maxClients() + " clients at once",
          RETRY_AFTER);
    }
  }

  private static void streamHeaders(Context ctx) {
    ctx.status(200);
    ctx.res().setCharacterEncoding("UTF-8");
    ctx.res().setContentType("text/event-stream");
    ctx.header("Cache-Control", "no-cache");
    // Proxies such as nginx would otherwise hold events back in their buffers.
    ctx.header("X-Accel-Buffering", "no");
  }

  /** Ends every client's session and waits (up to 10 s) until their consumers are closed. */
  @Override
  public void close() {
    closed = true;
    List<FeedSession> open = List.copyOf(sessions);
    open.forEach(FeedSession::stop);
    CompletableFuture<?>[] all =
        open.stream().map(FeedSession::done).toArray(CompletableFuture<?>[]::new);
    try {
      CompletableFuture.allOf(all).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // A session stuck in a write ends when the server closes its connection.
    }
  }
}
