package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class OutputPiecesTest {

  @Test
  void tableAlignsTextLeftAndNumbersRightWithoutTrailingSpaces() {
    StringWriter text = new StringWriter();
    new Table("OP", "COUNT", "NOTE")
        .row("ADD", "1,234", "")
        .row("DELETE", "5", "x")
        .print(new PrintWriter(text, true));
    assertThat(text.toString().lines())
        .containsExactly("OP      COUNT  NOTE", "ADD     1,234", "DELETE      5  x");
  }

  @Test
  void fieldsAlignValues() {
    StringWriter text = new StringWriter();
    Table.fields(new PrintWriter(text, true), "outcome", "CREATED", "content hash", "ab");
    assertThat(text.toString().lines())
        .containsExactly("outcome:      CREATED", "content hash: ab");
  }

  @Test
  void progressDrawsNothingWhenNotATerminal() {
    StringWriter err = new StringWriter();
    try (Progress progress = new Progress(new PrintWriter(err, true), false, "sending", 10)) {
      progress.update(5);
      progress.update(10);
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void progressDrawsOneLineOnATerminal() {
    StringWriter err = new StringWriter();
    try (Progress progress = new Progress(new PrintWriter(err, true), true, "sending", 4)) {
      progress.update(4);
    }
    assertThat(err.toString())
        .startsWith("\rsending   [##############################] 4/4 100%")
        .endsWith(System.lineSeparator());
  }

  @Test
  void aTimedPhaseDrawsNothingWhenNotATerminal() {
    StringWriter err = new StringWriter();
    try (Progress.Phase phase =
        Progress.during(new PrintWriter(err, true), "warm-up", Duration.ofSeconds(1))) {
      assertThat(phase).isNotNull();
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aTimedPhaseCountsSecondsOnATerminal() {
    StringWriter err = new StringWriter();
    try (Progress.Phase phase =
        Progress.during(new PrintWriter(err, true), true, "warm-up", Duration.ofSeconds(1))) {
      // The phase's own thread moves the bar as its second passes; closing it would draw the
      // final state too, so the full bar must be there before the close.
      await("the full bar")
          .atMost(Duration.ofSeconds(10))
          .until(() -> err.toString().contains("1/1 s 100%"));
    }
    assertThat(err.toString())
        .startsWith("\rwarm-up   [")
        .contains("\rwarm-up   [##############################] 1/1 s 100%")
        .endsWith(System.lineSeparator());
  }

  @Test
  void aReadDrawsNothingWhenNotATerminal() {
    StringWriter err = new StringWriter();
    try (Progress.Reading reading = Progress.reading(new PrintWriter(err, true))) {
      reading.progress(0, 10);
      reading.progress(10, 10);
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void durations() {
    DurationConverter converter = new DurationConverter();
    assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(converter.convert("45")).isEqualTo(Duration.ofSeconds(45));
    assertThatThrownBy(() -> converter.convert("0s")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> converter.convert("-1s")).isInstanceOf(TypeConversionException.class);
    assertThat(DurationConverter.format(Duration.ofSeconds(30))).isEqualTo("30 s");
    assertThat(DurationConverter.format(Duration.ofMillis(1500))).isEqualTo("1.5 s");
  }
}
