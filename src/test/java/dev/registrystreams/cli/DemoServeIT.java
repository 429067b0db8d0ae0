package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code demo --serve}: the newcomer's one command to see the page, and how it stops. */
class DemoServeIT {

  private static final Pattern PAGE = Pattern.compile("The dashboard page: (\\S+)");

  @Test
  void theDemoKeepsServingItsPageUntilStopped() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger exit = new AtomicInteger(-1);
    String[] args = {
      "demo", "--serve", "--http-host", "127.0.0.1", "--http-port", "0", "--titles", "20",
      "--duplicates", "10", "--updates", "5", "--bad", "3", "--num-stream-threads", "2"
    };
    Thread demo =
        new Thread(
            () ->
                exit.set(
                    RegistryStreamsCli.execute(
                        args, new PrintWriter(out, true), new PrintWriter(err, true))),
            "demo-serve-it");
    demo.start();
    try {
      await("the page's address")
          .atMost(Duration.ofSeconds(120))
          .until(() -> PAGE.matcher(out.toString()).find() || !demo.isAlive());
      Matcher page = PAGE.matcher(out.toString());
      assertThat(page.find()).as("stdout: %s%nstderr: %s", out, err).isTrue();
      assertThat(out.toString()).contains("OK: every request got exactly the answer it should.");
      URI url = URI.create(page.group(1));

      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> index =
          client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("<title>registry-streams</title>");
      HttpResponse<String> ready =
          client.send(
              HttpRequest.newBuilder(url.resolve("/health/ready")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(demo.isAlive()).as("still serving").isTrue();
    } finally {
      demo.interrupt();
      demo.join(Duration.ofSeconds(60).toMillis());
    }
    assertThat(demo.isAlive()).isFalse();
    assertThat(exit.get()).as("stderr: %s", err).isZero();
    assertThat(out.toString().lines()).last().isEqualTo("registry-streams demo stopped");
  }
}
