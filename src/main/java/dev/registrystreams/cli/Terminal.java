package dev.registrystreams.cli;

import java.io.PrintWriter;

/**
 * Progress lines on stderr, only when the process runs in a terminal, so that logs and CI output
 * stay clean. Minimal; a shared progress bar can replace it.
 */
final class Terminal {

  private Terminal() {}

  /** True when a person is watching: the JVM has a console. */
  static boolean interactive() {
    return System.console() != null;
  }

  /** Rewrites the current stderr line with {@code text} when interactive; nothing otherwise. */
  static void progress(PrintWriter err, String text) {
    if (interactive()) {
      err.print("\r" + text + "\u001B[K");
      err.flush();
    }
  }

  /** Ends a progress line when interactive. */
  static void endProgress(PrintWriter err) {
    if (interactive()) {
      err.print("\r\u001B[K");
      err.flush();
    }
  }
}
