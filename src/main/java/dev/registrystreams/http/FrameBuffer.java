package dev.registrystreams.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The messages waiting to be sent to one feed client, bounded by their size in bytes: its reader
 * adds, its writer takes.
 *
 * <p>A reader that finds the buffer full waits until the writer has sent half of it: a client
 * catching up on a replay drains that in milliseconds. A client that cannot take half its buffer
 * within the stall timeout is too slow for the feed; {@link #offer} then says so, and the reader
 * ends the connection with the reason, rather than holding more memory or waiting longer.
 */
final class FrameBuffer {

  private final int maxBytes;
  private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
  private int bytes;
  private boolean closed;

  FrameBuffer(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Adds {@code frame}, waiting up to {@code stallMillis} for room when the buffer is full. One
   * frame always fits into an empty buffer.
   *
   * @return false when the client did not make room in time, or the buffer is closed (nothing is
   *     added then)
   */
  synchronized boolean offer(String frame, long stallMillis) throws InterruptedException {
    byte[] encoded = frame.getBytes(StandardCharsets.UTF_8);
    if (closed) {
      return false;
    }
    if (!frames.isEmpty() && bytes + encoded.length > maxBytes) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stallMillis);
      while (!closed && bytes > maxBytes / 2) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      if (closed) {
        return false;
      }
    }
    frames.add(encoded);
    bytes += encoded.length;
    notifyAll();
    return true;
  }

  /** Drops everything waiting, adds {@code frame} as the last thing to send, and closes. */
  synchronized void finishWith(String frame) {
    frames.clear();
    frames.add(frame.getBytes(StandardCharsets.UTF_8));
    bytes = frames.peek().length;
    closed = true;
    notifyAll();
  }

  /**
   * The next frame, waiting up to {@code timeoutMillis}; null when there is none by then, or when
   * the buffer is closed and empty.
   */
  synchronized byte @Nullable [] take(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (frames.isEmpty() && !closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    byte[] frame = frames.poll();
    if (frame != null) {
      bytes -= frame.length;
      notifyAll();
    }
    return frame;
  }

  /** Nothing more will be added: the writer sends what is left, then stops. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  synchronized boolean isClosedAndEmpty() {
    return closed && frames.isEmpty();
  }
}
