package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.apache.avro.io.BinaryData;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

class AvroCursorTest {

  @Test
  void varintLengthsAreTheBytesAvroWrites() {
    byte[] scratch = new byte[10];
    Random random = new Random(15);
    for (int i = 0; i < 100_000; i++) {
      long n = random.nextLong() >> random.nextInt(64);
      assertThat(AvroCursor.varintLength(n))
          .as("varint length of %d", n)
          .isEqualTo(BinaryData.encodeLong(n, scratch, 0));
    }
    for (int shift = 0; shift < 64; shift++) {
      for (long n : new long[] {1L << shift, (1L << shift) - 1, -(1L << shift), ~(1L << shift)}) {
        assertThat(AvroCursor.varintLength(n))
            .as("varint length of %d", n)
            .isEqualTo(BinaryData.encodeLong(n, scratch, 0));
      }
    }
  }

  @Test
  void anIntIsReadAsAvrosDecoderReadsItOrRefusedWhereItRefusesIt() throws IOException {
    Random random = new Random(16);
    AvroCursor cursor = new AvroCursor();
    for (int i = 0; i < 100_000; i++) {
      // One to six varint bytes, every one but the last with its continuation bit mostly set.
      byte[] bytes = new byte[1 + random.nextInt(6)];
      random.nextBytes(bytes);
      for (int j = 0; j < bytes.length - 1; j++) {
        bytes[j] |= (byte) (random.nextInt(8) == 0 ? 0 : 0x80);
      }
      cursor.reset(bytes, 0);
      Object ours = outcome(cursor::readInt);
      BinaryDecoder avro = DecoderFactory.get().binaryDecoder(bytes, null);
      Object avros = outcome(avro::readInt);
      assertThat(ours).as("%s", HexFormat.of().formatHex(bytes)).isEqualTo(avros);
    }
  }

  @Test
  void aBlockCountThatCannotBeNegatedOrANegativeBlockSizeIsRefused() {
    byte[] scratch = new byte[20];
    AvroCursor cursor = new AvroCursor();
    for (long[] countAndSize : new long[][] {{Long.MIN_VALUE, 1}, {-2, -1}}) {
      int n = BinaryData.encodeLong(countAndSize[0], scratch, 0);
      n += BinaryData.encodeLong(countAndSize[1], scratch, n);
      cursor.reset(Arrays.copyOf(scratch, n), 0);
      assertThatThrownBy(cursor::readBlockCount).isInstanceOf(AvroCursor.Malformed.class);
    }
    int n = BinaryData.encodeLong(-3, scratch, 0);
    n += BinaryData.encodeLong(40, scratch, n);
    cursor.reset(Arrays.copyOf(scratch, n), 0);
    assertThat(cursor.readBlockCount()).isEqualTo(3);
  }

  /** What reading gives: the int, or that it failed (Avro's refusals and ours alike). */
  private static Object outcome(IntRead read) {
    try {
      return read.get();
    } catch (AvroCursor.Malformed | IOException | ArrayIndexOutOfBoundsException e) {
      return "refused";
    }
  }

  private interface IntRead {
    int get() throws IOException;
  }
}
