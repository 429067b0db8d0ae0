package dev.registrystreams.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls with the JDK's client, as a user's program would make them. */
public final class HttpCalls {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpCalls() {}

  /** Sends {@code method} to {@code url} with the given header name-value pairs. */
  public static HttpResponse<String> send(String method, URI url, String... headers) {
    return call(
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody()),
        headers);
  }

  /** POSTs {@code body} to {@code url} with the given header name-value pairs. */
  public static HttpResponse<String> post(URI url, String body, String... headers) {
    return call(
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        headers);
  }

  private static HttpResponse<String> call(HttpRequest.Builder request, String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POSTs {@code body} as {@code application/json}. */
  public static HttpResponse<String> postJson(URI url, String body, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/json";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return post(url, body, all);
  }

  public static HttpResponse<String> get(URI url, String... headers) {
    return send("GET", url, headers);
  }

  /** The body as JSON. */
  public static JsonNode json(HttpResponse<String> response) {
    return json(response.body());
  }

  /** Text as JSON. */
  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }
}
