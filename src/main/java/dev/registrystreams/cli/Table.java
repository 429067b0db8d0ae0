package dev.registrystreams.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A plain text table: a header row and aligned columns separated by two spaces; columns whose cells
 * are all numbers are right-aligned. No trailing spaces, so output lines can be compared exactly.
 */
public final class Table {

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... headers) {
    this.headers = List.of(headers);
  }

  /** Adds a row; null cells print empty. */
  public Table row(@Nullable Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table has " + headers.size() + " columns");
    }
    rows.add(Arrays.stream(cells).map(c -> c == null ? "" : String.valueOf(c)).toList());
    return this;
  }

  public void print(PrintWriter out) {
    int n = headers.size();
    int[] widths = new int[n];
    boolean[] numeric = new boolean[n];
    for (int c = 0; c < n; c++) {
      widths[c] = headers.get(c).length();
      numeric[c] = !rows.isEmpty();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
        numeric[c] &= row.get(c).matches("-?[0-9][0-9,]*(\\.[0-9]+)?");
      }
    }
    line(out, headers, widths, numeric);
    rows.forEach(row -> line(out, row, widths, numeric));
  }

  private static void line(PrintWriter out, List<String> cells, int[] widths, boolean[] numeric) {
    StringBuilder text = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      if (c > 0) {
        text.append("  ");
      }
      String pad = " ".repeat(widths[c] - cell.length());
      text.append(numeric[c] ? pad + cell : cell + pad);
    }
    out.println(text.toString().stripTrailing());
  }

  /** Prints {@code label: value} lines with the values aligned; pairs are label, value, ... */
  public static void fields(PrintWriter out, Object... labelsAndValues) {
    int width = 0;
    for (int i = 0; i < labelsAndValues.length; i += 2) {
      width = Math.max(width, String.valueOf(labelsAndValues[i]).length() + 1);
    }
    for (int i = 0; i < labelsAndValues.length; i += 2) {
      String label = labelsAndValues[i] + ":";
      out.println(
          (label + " ".repeat(width - label.length() + 1) + labelsAndValues[i + 1]).strip());
    }
  }
}
