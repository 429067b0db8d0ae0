package dev.registrystreams.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds and checks TCP ports on the loopback interface. */
final class LocalPorts {

  static final String HOST = "127.0.0.1";
  private static final byte[] HOST_ADDRESS = {127, 0, 0, 1};

  private LocalPorts() {}

  /** Returns a port the OS considers free right now; another process may still take it later. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + HOST, e);
    }
  }

  /** True if nothing listens on {@code port} (binding it briefly is the only portable check). */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // Kafka's acceptor binds with SO_REUSEADDR too, so this mirrors what it will see.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(loopback(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // By its bytes: the IPv4 loopback, never a name that resolves to something else.
  private static InetAddress loopback() throws IOException {
    return InetAddress.getByAddress(HOST, HOST_ADDRESS);
  }
}
