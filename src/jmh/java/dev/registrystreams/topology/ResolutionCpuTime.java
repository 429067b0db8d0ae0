package dev.registrystreams.topology;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link ResolutionBenchmark}'s operation timed by the thread's own CPU time rather than the wall
 * clock: on a shared machine a benchmark thread waits for a core as often as it runs, and
 * wall-clock throughput then measures the neighbours. Prints, for each round, CPU microseconds per
 * request and what that would give on a core of its own, after a warm-up.
 *
 * <p>Run by hand: {@code java -cp <classes, test classes, test classpath>
 * dev.registrystreams.topology.ResolutionCpuTime [rounds] [requests per round]}
 */
public final class ResolutionCpuTime {

  private ResolutionCpuTime() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ResolutionBenchmark benchmark = new ResolutionBenchmark();
    benchmark.setUp();
    ResolutionBenchmark.Outcomes outcomes = new ResolutionBenchmark.Outcomes();
    long sink = 0;
    // Warm-up: the JIT compiler's work is done before the first measured round.
    for (int i = 0; i < 3 * perRound; i++) {
      sink += benchmark.resolveOneRequest(outcomes);
    }
    for (int round = 1; round <= rounds; round++) {
      outcomes.clear();
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      for (int i = 0; i < perRound; i++) {
        sink += benchmark.resolveOneRequest(outcomes);
      }
      double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / perRound;
      double wallMicros = (System.nanoTime() - wall) / 1e3 / perRound;
      System.out.printf(
          "round %2d: %.2f us CPU per request (%,.0f requests/s on a core of its own),"
              + " %.2f us wall; changed %d, unchanged %d, rejected %d%n",
          round,
          cpuMicros,
          1e6 / cpuMicros,
          wallMicros,
          outcomes.changed,
          outcomes.unchanged,
          outcomes.rejected);
    }
    System.out.println("(checksum " + sink + ")");
  }
}
