package dev.registrystreams.http;

import org.jspecify.annotations.Nullable;

/**
 * The text of Server-Sent Events messages, as the HTML standard defines the stream. Every value
 * written here is one line already (JSON, a position, a fixed word), which is checked rather than
 * trusted: a line break would end the field early.
 */
final class SseFrames {

  private SseFrames() {}

  /**
   * An event of type {@code event} with {@code data}, and the position {@code id} when not null.
   */
  static String event(String event, @Nullable String id, String data) {
    StringBuilder frame = new StringBuilder(data.length() + 96);
    frame.append("event: ").append(line(event)).append('\n');
    if (id != null) {
      frame.append("id: ").append(line(id)).append('\n');
    }
    return frame.append("data: ").append(line(data)).append("\n\n").toString();
  }

  /**
   * The first message: how long to wait before reconnecting and the starting position, so that a
   * reconnect before the first event resumes from where this connection started. A message without
   * data sets EventSource's last event id without firing an event.
   */
  static String opening(long retryMillis, String id) {
    return "retry: " + retryMillis + "\nid: " + line(id) + "\n\n";
  }

  /**
   * A keep-alive comment, with the position when it moved since the last id sent (events filtered
   * out move it): a client resuming from there does not read those again.
   */
  static String keepAlive(@Nullable String idOrNull) {
    return idOrNull == null ? ": keep-alive\n\n" : ": keep-alive\nid: " + line(idOrNull) + "\n\n";
  }

  private static String line(String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("an SSE field value must be one line");
    }
    return value;
  }
}
