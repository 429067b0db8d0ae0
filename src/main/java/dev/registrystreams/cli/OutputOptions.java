package dev.registrystreams.cli;

import picocli.CommandLine.Option;

/** {@code --output table|json|yaml}: how a command prints its result on stdout. */
public final class OutputOptions {

  /** The output formats. */
  public enum Format {
    /** Aligned text for people; not a stable format. */
    table,
    /** One JSON document, for programs. */
    json,
    /** One YAML document with the same content as the JSON one. */
    yaml
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description =
          "${COMPLETION-CANDIDATES}: a table for people (default) or one document for programs.")
  Format format = Format.table;

  /** A printer for this format on {@code out}. */
  Printer printer(java.io.PrintWriter out) {
    return new Printer(format, out);
  }
}
