package dev.registrystreams.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected feed client: a reader thread that turns the topic into messages and the request's
 * own thread that sends them, with a bounded {@link FrameBuffer} between them. The reader never
 * waits for the network, so a slow client holds only its buffer and its own consumer, never another
 * client or the application; when it falls too far behind it is sent {@code event: overflow} and
 * disconnected.
 */
final class FeedSession {

  private static final Logger log = LoggerFactory.getLogger(FeedSession.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger NUMBERS = new AtomicInteger();

  private final FeedReader reader;
  private final OutputStream out;
  private final FeedSettings settings;
  private final FrameBuffer buffer;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final int number = NUMBERS.incrementAndGet();
  private volatile boolean stopping;

  FeedSession(FeedReader reader, OutputStream out, FeedSettings settings) {
    this.reader = reader;
    this.out = out;
    this.settings = settings;
    this.buffer = new FrameBuffer(settings.bufferBytes());
  }

  /**
   * Serves the client in the calling thread (the request's, so that the response lives as long as
   * the session) until it goes away, falls too far behind, or {@link #stop()} is called; returns
   * once the reader has closed its consumer.
   */
  void run() throws InterruptedException {
    Thread reader = new Thread(this::read, "change-feed-" + number + "-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      write();
    } finally {
      reader.join();
    }
  }

  /** Ends the session soon, without sending what is still buffered: the server is closing. */
  void stop() {
    stopping = true;
    buffer.close();
    reader.wakeup();
  }

  /** Completes when the reader has ended and closed its consumer. */
  CompletableFuture<Void> done() {
    return done;
  }

  private void read() {
    try {
      if (!offer(reader.opening(settings.retry()))) {
        return;
      }
      long quietSince = System.nanoTime();
      while (!stopping) {
        for (String frame : reader.poll(settings.pollTimeout())) {
          if (!offer(frame)) {
            return;
          }
          quietSince = System.nanoTime();
        }
        if (System.nanoTime() - quietSince >= settings.keepAlive().toNanos()) {
          reader.addNewPartitions();
          if (!offer(reader.keepAlive())) {
            return;
          }
          quietSince = System.nanoTime();
        }
      }
    } catch (WakeupException | InterruptException e) {
      // Stopped: the client went away or the server is closing.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KafkaException | HttpProblem e) {
      log.warn("change feed client {}: reading the topic failed: {}", number, e.toString());
      buffer.finishWith(
          SseFrames.event(
              "error", null, message("reading the config-changes topic failed; reconnect later")));
    } finally {
      buffer.close();
      try {
        reader.close();
      } catch (RuntimeException e) {
        log.debug("change feed client {}: closing its consumer failed", number, e);
      }
      done.complete(null);
    }
  }

  /**
   * Adds a message to the buffer; when the client has not made room in time, replaces what is
   * buffered by the overflow message.
   *
   * @return false when the session is over
   */
  private boolean offer(String frame) throws InterruptedException {
    if (buffer.offer(frame, settings.stallTimeout().toMillis())) {
      return true;
    }
    if (!stopping) {
      String why =
          "the client read too slowly: it did not take half of its "
              + settings.bufferBytes() / 1024
              + " KiB buffer within "
              + seconds(settings.stallTimeout())
              + "; reconnect with Last-Event-ID to continue";
      log.info("change feed client {} disconnected: {}", number, why);
      buffer.finishWith(SseFrames.event("overflow", null, message(why)));
    }
    return false;
  }

  private void write() throws InterruptedException {
    try {
      while (!stopping) {
        byte[] frame = buffer.take(settings.pollTimeout().toMillis());
        if (frame == null) {
          if (buffer.isClosedAndEmpty()) {
            break;
          }
          continue;
        }
        out.write(frame);
        // Send on what is waiting too, and flush once it is all written.
        while (!stopping && (frame = buffer.take(0)) != null) {
          out.write(frame);
        }
        out.flush();
      }
    } catch (IOException e) {
      log.debug("change feed client {} went away: {}", number, e.toString());
    } finally {
      // Whatever ended the writing ends the reading too.
      stopping = true;
      buffer.close();
      reader.wakeup();
    }
  }

  private static String message(String reason) {
    return JSON.createObjectNode().put("reason", reason).toString();
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }
}
