package dev.registrystreams.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class StartFailuresTest {

  @Test
  void bindFailureNamesTheAddressAndIsRetryable() {
    // The chain Kafka's socket server produces when a listener port is taken.
    Throwable kafka =
        new RuntimeException(
            "Unable to start acceptor for PLAINTEXT",
            new KafkaException(
                "Socket server failed to bind to 127.0.0.1:9092: Address already in use.",
                new BindException("Address already in use")));

    EmbeddedKafkaException described = StartFailures.describe(kafka, 9092);

    assertThat(described)
        .isInstanceOf(StartFailures.PortTakenException.class)
        .hasMessage(
            "Embedded Kafka broker cannot listen: "
                + "Socket server failed to bind to 127.0.0.1:9092: Address already in use.")
        .hasCause(kafka);
  }

  @Test
  void otherFailuresReportTheRootCause() {
    Throwable kafka =
        new RuntimeException("startup failed", new TimeoutException("controller did not answer"));

    assertThat(StartFailures.describe(kafka, 9092))
        .isNotInstanceOf(StartFailures.PortTakenException.class)
        .hasMessage(
            "Embedded Kafka broker failed to start on 127.0.0.1:9092: controller did not answer");
  }

  @Test
  void ownExceptionsPassThrough() {
    EmbeddedKafkaException own = new EmbeddedKafkaException("port 9092 is already in use");

    assertThat(StartFailures.describe(own, 9092)).isSameAs(own);
  }
}
