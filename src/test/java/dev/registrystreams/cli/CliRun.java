package dev.registrystreams.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One CLI invocation through {@link RegistryStreamsCli#execute}: exit code, stdout, stderr. */
record CliRun(int exit, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = RegistryStreamsCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(exit, out.toString(), err.toString());
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
