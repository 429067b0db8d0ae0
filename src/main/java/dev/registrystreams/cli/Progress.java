package dev.registrystreams.cli;

import dev.registrystreams.client.RegistryReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A one-line progress bar on stderr: {@code sending [##########----------] 512/1,024 50%}. It draws
 * only when stderr is a terminal, so redirected or captured output, and stdout above all, never
 * carry it. Redraws at most ten times a second; thread-safe.
 */
public final class Progress implements AutoCloseable {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final boolean enabled;
  private final String label;
  private final long total;
  private final long started = System.nanoTime();
  private long done;
  private long lastDraw;
  private boolean drawn;

  /** Whether the bar counts seconds (shown as {@code 5/15 s}) rather than items (with a rate). */
  private final boolean seconds;

  Progress(PrintWriter err, boolean enabled, String label, long total) {
    this(err, enabled, label, total, false);
  }

  private Progress(PrintWriter err, boolean enabled, String label, long total, boolean seconds) {
    this.err = err;
    this.seconds = seconds;
    this.enabled = enabled && total > 0;
    this.label = label;
    this.total = total;
  }

  /** A progress bar on {@code err} that draws only if the process's stderr is a terminal. */
  public static Progress start(PrintWriter err, String label, long total) {
    return new Progress(err, stderrIsTerminal(), label, total);
  }

  /** A running bar over time; closing it stops it. */
  public interface Phase extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * A bar over the seconds of a phase that lasts {@code duration} (a warm-up, a measured run),
   * moved by a daemon thread until it is closed. Draws only if stderr is a terminal.
   */
  public static Phase during(PrintWriter err, String label, Duration duration) {
    return during(err, stderrIsTerminal(), label, duration);
  }

  static Phase during(PrintWriter err, boolean enabled, String label, Duration duration) {
    long total = Math.max(1, duration.toSeconds());
    Progress bar = new Progress(err, enabled, label, total, true);
    if (!bar.enabled) {
      return bar::close;
    }
    long started = System.nanoTime();
    Thread ticker =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                bar.update(Math.min(total, (System.nanoTime() - started) / 1_000_000_000L));
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "progress-" + label);
    ticker.setDaemon(true);
    ticker.start();
    return () -> {
      ticker.interrupt();
      try {
        ticker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      bar.close();
    };
  }

  /**
   * A progress bar for a read of the registry's topics, drawn from its first report on, which tells
   * the total; see {@link #start}.
   */
  public static Reading reading(PrintWriter err) {
    return new Reading(err);
  }

  /** A {@link RegistryReader.Listener} that draws a bar labelled {@code reading}. */
  public static final class Reading implements RegistryReader.Listener, AutoCloseable {
    private final PrintWriter err;
    // Null until the first report, which tells the total.
    private @Nullable Progress bar;

    private Reading(PrintWriter err) {
      this.err = err;
    }

    @Override
    public synchronized void progress(long read, long total) {
      Progress drawn = bar;
      if (drawn == null) {
        drawn = start(err, "reading", total);
        bar = drawn;
      }
      drawn.update(read);
    }

    @Override
    public synchronized void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }

  /**
   * True when stderr is a terminal. A console must exist (which on JDK 17 means stdin and stdout
   * are terminals; JDK 22+ also says whether it is one). Where {@code /proc} shows it, stderr
   * itself must be a terminal device too, so {@code 2>log} gets no bar.
   */
  // JDK 22+ is handled below: its console is asked whether it is a terminal.
  @SuppressWarnings("SystemConsoleNull")
  static boolean stderrIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    Path stderr = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(stderr)) {
      try {
        String target = Files.readSymbolicLink(stderr).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }
    try {
      // JDK 22+ returns a console even when redirected; it then says whether it is a terminal.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** Sets the count of items done. */
  public synchronized void update(long count) {
    done = count;
    long now = System.nanoTime();
    if (enabled && (now - lastDraw >= REDRAW_NANOS || count >= total)) {
      lastDraw = now;
      draw(now);
    }
  }

  private void draw(long now) {
    long shown = Math.min(done, total);
    int filled = (int) (WIDTH * shown / total);
    String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
    if (seconds) {
      err.printf("\r%-9s [%s] %,d/%,d s %3d%% ", label, bar, shown, total, 100 * shown / total);
    } else {
      double elapsed = Math.max((now - started) / 1e9, 1e-3);
      err.printf(
          "\r%-9s [%s] %,d/%,d %3d%%  %,.0f/s ",
          label, bar, shown, total, 100 * shown / total, shown / elapsed);
    }
    err.flush();
    drawn = true;
  }

  /** Draws the final state and ends the line. */
  @Override
  public synchronized void close() {
    if (enabled) {
      draw(System.nanoTime());
    }
    if (drawn) {
      err.println();
      err.flush();
    }
  }
}
