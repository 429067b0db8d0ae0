package dev.registrystreams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.avro.io.BinaryData;
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
}
