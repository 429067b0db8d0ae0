package dev.registrystreams.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Server-Sent Events client over the JDK's HTTP client, parsing the stream as the HTML standard
 * says EventSource does: fields {@code event}, {@code id}, {@code data}, {@code retry}, comments
 * ({@code :}), a blank line ending each message. Messages without data are kept too (EventSource
 * takes their id without firing an event), so that a test sees every id the server sent.
 */
public final class SseStream implements AutoCloseable {

  /**
   * One message.
   *
   * @param event its type; null for a message without an {@code event:} field
   * @param id its {@code id:}; null when it has none
   * @param data its data lines joined by newlines; empty when it has none
   */
  public record Message(
      String event, String id, String data, Integer retry, List<String> comments) {
    /** True when EventSource would fire it: it has data. */
    public boolean dispatched() {
      return !data.isEmpty();
    }
  }

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final HttpResponse<InputStream> response;
  private final List<Message> messages = new ArrayList<>();
  private final Thread reader;
  private volatile String lastEventId = "";
  private volatile boolean ended;

  private SseStream(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-stream-" + response.uri());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Opens {@code url} with the given header name-value pairs.
   *
   * @throws IllegalStateException when the answer is not 200
   */
  public static SseStream open(URI url, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url).header("Accept", "text/event-stream").GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<InputStream> response;
    try {
      response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (response.statusCode() != 200) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        body = "";
      }
      throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + body);
    }
    return new SseStream(response);
  }

  /** Continues after {@code lastEventId}, as EventSource reconnects. */
  public static SseStream resume(URI url, String lastEventId, String... headers) {
    List<String> all = new ArrayList<>(List.of(headers));
    all.add("Last-Event-ID");
    all.add(lastEventId);
    return open(url, all.toArray(String[]::new));
  }

  public HttpResponse<InputStream> response() {
    return response;
  }

  /** Every message so far. */
  public synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  /** The messages of type {@code event} so far. */
  public synchronized List<Message> events(String event) {
    return messages.stream().filter(m -> event.equals(m.event())).toList();
  }

  /** The last id the server sent, as EventSource would send it back when reconnecting. */
  public String lastEventId() {
    return lastEventId;
  }

  /** True once the server ended the stream. */
  public boolean ended() {
    return ended;
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      parse(lines);
    } catch (IOException e) {
      // Closed by the test, or the connection was cut.
    } finally {
      ended = true;
    }
  }

  private void parse(BufferedReader lines) throws IOException {
    String event = null;
    String id = null;
    Integer retry = null;
    StringBuilder data = null;
    List<String> comments = new ArrayList<>();
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isEmpty()) {
        if (event != null || id != null || data != null || retry != null || !comments.isEmpty()) {
          if (id != null) {
            lastEventId = id;
          }
          Message message =
              new Message(
                  event, id, data == null ? "" : data.toString(), retry, List.copyOf(comments));
          synchronized (this) {
            messages.add(message);
          }
        }
        event = null;
        id = null;
        retry = null;
        data = null;
        comments.clear();
        continue;
      }
      if (line.startsWith(":")) {
        comments.add(line.substring(1).strip());
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event" -> event = value;
        case "id" -> id = value;
        case "retry" -> retry = Integer.valueOf(value);
        case "data" ->
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> throw new IOException("unknown SSE field: " + line);
      }
    }
  }

  /** Disconnects, as a client that goes away does. */
  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // Gone already.
    }
  }
}
