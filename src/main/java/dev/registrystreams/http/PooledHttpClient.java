package dev.registrystreams.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's {@link HttpClient}, its calls sent from a bounded pool of threads of its own.
 *
 * <p>Why not {@code sendAsync}: it hands every response to the common fork-join pool, and with
 * fewer than three processors (a small container, this project's CI machines) that pool is not
 * used: each response starts a new thread. At a few hundred calls a second that was a tenth of a
 * core spent on threads. A blocking {@code send} on a pool thread completes the future on that
 * thread, and the pool's threads are reused.
 */
public final class PooledHttpClient implements AutoCloseable {

  private static final long IDLE_SECONDS = 30;

  private final HttpClient client;
  private final ThreadPoolExecutor threads;

  /**
   * Sends through {@code client} from at most {@code maxThreads} threads named {@code name}; calls
   * past that many wait their turn.
   */
  public PooledHttpClient(HttpClient client, int maxThreads, String name) {
    this.client = client;
    AtomicInteger count = new AtomicInteger();
    this.threads =
        new ThreadPoolExecutor(
            maxThreads,
            maxThreads,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    // Idle threads go: a pool sized for a burst holds none while nothing is sent.
    threads.allowCoreThreadTimeOut(true);
  }

  /**
   * Sends {@code request}; the future completes on a pool thread with the response, or fails with
   * the {@link IOException} the client threw.
   */
  public <T> CompletableFuture<HttpResponse<T>> send(
      HttpRequest request, HttpResponse.BodyHandler<T> body) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return client.send(request, body);
          } catch (IOException e) {
            throw new CompletionException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
          }
        },
        threads);
  }

  /** Stops the pool: calls not yet sent fail, calls in flight are interrupted. */
  @Override
  public void close() {
    threads.shutdownNow();
  }
}
