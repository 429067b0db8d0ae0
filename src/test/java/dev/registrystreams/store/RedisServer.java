package dev.registrystreams.store;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real redis-server on 127.0.0.1 and a free port, in a temporary directory, for tests: started
 * from PATH, stopped (and its directory deleted) by {@link #close()}. It can be stopped and started
 * again on the same port and directory, to simulate an outage.
 */
public final class RedisServer implements AutoCloseable {

  /** How a server is started. */
  public record Options(String password, boolean tls, boolean persistent) {
    public static Options plain() {
      return new Options(null, false, false);
    }
  }

  private final Options options;
  private final Path dir;
  private final int port;
  private Process process;

  private RedisServer(Options options) throws IOException {
    this.options = options;
    this.dir = Files.createTempDirectory("redis-server-test-");
    this.port = freePort();
    if (options.tls()) {
      createCertificate();
    }
  }

  /** Starts a server, or fails with a message that says how to install redis-server. */
  public static RedisServer start(Options options) {
    RedisServer server;
    try {
      server = new RedisServer(options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.start();
    return server;
  }

  /** Starts (again) on the same port and directory; with persistence, the data survives. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> command = new ArrayList<>();
    command.add(executable());
    command.addAll(List.of("--bind", "127.0.0.1", "--dir", dir.toString()));
    command.addAll(List.of("--save", ""));
    if (options.persistent()) {
      command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
    } else {
      command.addAll(List.of("--appendonly", "no"));
    }
    if (options.tls()) {
      command.addAll(
          List.of(
              "--port",
              "0",
              "--tls-port",
              Integer.toString(port),
              "--tls-cert-file",
              certificate().toString(),
              "--tls-key-file",
              dir.resolve("key.pem").toString(),
              "--tls-ca-cert-file",
              certificate().toString(),
              "--tls-auth-clients",
              "no"));
    } else {
      command.addAll(List.of("--port", Integer.toString(port)));
    }
    if (options.password() != null) {
      command.addAll(List.of("--requirepass", options.password()));
    }
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start redis-server: " + e.getMessage(), e);
    }
    awaitListening();
  }

  /**
   * Freezes the server (SIGSTOP): connections stay open and nothing answers, as with a server that
   * hangs or a network that drops packets.
   */
  public synchronized void freeze() {
    signal("STOP");
  }

  /** Lets a frozen server go on (SIGCONT). */
  public synchronized void thaw() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " of redis-server failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling redis-server", e);
    }
  }

  /** Stops the server (SIGTERM: with persistence it flushes its append-only file first). */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  public int port() {
    return port;
  }

  /** {@code redis://[:password@]127.0.0.1:port} (or rediss:// with TLS). */
  public String url() {
    String scheme = options.tls() ? "rediss://" : "redis://";
    String auth = options.password() == null ? "" : "default:" + options.password() + "@";
    return scheme + auth + "127.0.0.1:" + port;
  }

  /** The self-signed certificate (PEM) of a TLS server: the one to trust. */
  public Path certificate() {
    return dir.resolve("cert.pem");
  }

  /** Settings to reach this server, trusting its certificate when it uses TLS. */
  public RedisSettings settings() {
    return new RedisSettings(
        url(), options.tls() ? certificate() : null, RedisSettings.DEFAULT_COMMAND_TIMEOUT);
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp directory is not worth failing a test for.
    }
  }

  private void awaitListening() {
    try {
      await("redis-server listening on port " + port)
          .atMost(Duration.ofSeconds(20))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20))
          .until(this::listening);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          "redis-server did not listen on port " + port + ": " + log(), e);
    }
  }

  /**
   * Whether the server takes connections (and, with persistence, has loaded its data); fails at
   * once when it exited instead.
   */
  private boolean listening() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "redis-server exited at start (exit " + process.exitValue() + "): " + log());
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return !options.persistent() || log().contains("Ready to accept connections");
    } catch (IOException notYet) {
      return false;
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("redis.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static String executable() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String entry : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(entry, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        "redis-server is not on PATH: the Redis tests need a real server. Install it with"
            + " 'apt-get install -y redis-server' (bash .ci/run does that), then run the tests again.");
  }

  private void createCertificate() throws IOException {
    List<String> command =
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            dir.resolve("key.pem").toString(),
            "-out",
            certificate().toString());
    Process openssl;
    try {
      openssl =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("openssl.log").toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "the TLS test needs openssl on PATH to make a self-signed certificate"
              + " ('apt-get install -y openssl'; bash .ci/run does that): "
              + e.getMessage(),
          e);
    }
    try {
      if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
        throw new IllegalStateException(
            "openssl could not make a certificate: "
                + Files.readString(dir.resolve("openssl.log")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making a certificate", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
