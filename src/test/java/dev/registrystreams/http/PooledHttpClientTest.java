package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PooledHttpClientTest {

  private final ExecutorService serverThreads = Executors.newFixedThreadPool(4);
  private HttpServer server;
  private URI base;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestURI().getPath().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.setExecutor(serverThreads);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    serverThreads.shutdownNow();
  }

  @Test
  void everyCallIsAnsweredOnThePoolsOwnThreadsWhateverTheirNumber() throws Exception {
    Set<String> completedOn = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<String>> calls = new ArrayList<>();
    try (PooledHttpClient client = new PooledHttpClient(HttpClient.newHttpClient(), 4, "calls")) {
      for (int i = 0; i < 200; i++) {
        calls.add(
            client
                .send(
                    HttpRequest.newBuilder(base.resolve("/call-" + i)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .thenApply(
                    response -> {
                      completedOn.add(Thread.currentThread().getName());
                      return response.body();
                    }));
      }
      for (int i = 0; i < 200; i++) {
        assertThat(calls.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("/call-" + i);
      }
    }
    // sendAsync would complete each call on a thread of its own on a machine of two processors.
    assertThat(completedOn).hasSizeBetween(1, 4).allMatch(name -> name.matches("calls-[1-4]"));
  }

  @Test
  void aCallNobodyAnswersFailsWithTheClientsError() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (PooledHttpClient client = new PooledHttpClient(HttpClient.newHttpClient(), 1, "calls")) {
      CompletableFuture<HttpResponse<String>> call =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(ConnectException.class);
    }
  }

  @Test
  void aClosedClientSendsNothing() {
    PooledHttpClient client = new PooledHttpClient(HttpClient.newHttpClient(), 1, "calls");
    client.close();
    assertThatThrownBy(
            () ->
                client.send(
                    HttpRequest.newBuilder(base.resolve("/late")).build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
