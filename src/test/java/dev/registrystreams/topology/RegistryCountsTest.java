package dev.registrystreams.topology;

import static dev.registrystreams.topology.RegistryTopologyDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.Outcome;
import dev.registrystreams.core.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The answer and dead-letter counts in Kafka Streams' metrics: each outcome and reason counted
 * exactly as often as a record with it reaches its topic, those the exception handler writes
 * included.
 */
class RegistryCountsTest {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);

  @Test
  void everyCountIsZeroBeforeTheFirstRecord() {
    try (RegistryTopologyDriver t = new RegistryTopologyDriver()) {
      RegistryCounts.Totals totals = RegistryCounts.totals(t.driver.metrics());
      assertThat(totals.answers()).containsOnlyKeys(Outcome.values());
      assertThat(totals.deadLetters()).containsOnlyKeys(RejectionReason.values());
      assertThat(totals).isEqualTo(totals(Map.of(), Map.of()));
    }
  }

  @Test
  void eachOutcomeAndReasonIsCountedOncePerRecordOnItsTopic() {
    try (RegistryTopologyDriver t = new RegistryTopologyDriver()) {
      t.send(request("c1", "First title", Map.of("env", "prod")), 0);
      t.send(request("c2", "Second title", Map.of()), 1);
      t.send(request("u1", "First title", Map.of("env", "dev")), 2);
      t.send(request("u2", "First title", Map.of("env", "staging")), 3);
      t.send(request("n1", "Second title", Map.of()), 4);
      t.send(request("n2", "Second title", Map.of()), 5);
      t.send(request("n3", "First title", Map.of("env", "staging")), 6);
      t.send(request("s1", "MARKETING", "RULES", "A title", Map.of()), 7);
      t.send(request("s2", "gov", "RULES", "A title", Map.of()), 8);
      t.send(request("y1", "GOV", "MEMO", "A title", Map.of()), 9);
      t.send(request("e1", " ", Map.of()), 10);
      t.sendBytes(null, "not avro".getBytes(StandardCharsets.UTF_8), 11);
      t.sendBytes(null, null, 12);
      // Two titles whose entry ids collide (DeadLetterTest proves it): the second is refused.
      t.send(request("i1", "collision probe 1853250", Map.of()), 13);
      t.send(request("i2", "collision probe 63965942", Map.of()), 14);

      assertThat(RegistryCounts.totals(t.driver.metrics()))
          .isEqualTo(
              totals(
                  Map.of(Outcome.CREATED, 3L, Outcome.UPDATED, 2L, Outcome.UNCHANGED, 3L),
                  Map.of(
                      RejectionReason.UNKNOWN_SCOPE, 2L,
                      RejectionReason.UNKNOWN_TYPE, 1L,
                      RejectionReason.TITLE_EMPTY, 1L,
                      RejectionReason.UNDECODABLE, 2L,
                      RejectionReason.ID_COLLISION, 1L)));
      assertThat(countsOnTopics(t)).isEqualTo(RegistryCounts.totals(t.driver.metrics()));
    }
  }

  @Test
  void aDeadLetterTheProcessingErrorHandlerWritesIsCounted() {
    try (RegistryTopologyDriver t = new RegistryTopologyDriver()) {
      t.send(request("r1", "A title", Map.of("env", "prod")), 0);
      RegistryEntry created = t.entries.readValue();
      // A stored entry whose header part is no longer a token: resolving an update fails.
      t.driver
          .<String, byte[]>getKeyValueStore(RegistryTopology.ENTRIES_STORE)
          .put(
              created.getId(),
              ENTRIES.encode(
                  RegistryEntry.newBuilder(created).setVariant("NOT [A] TOKEN").build()));
      t.send(request("r2", "A title", Map.of("env", "dev")), 1);
      t.send(request("r3", "A title", Map.of("env", "qa")), 2);
      t.send(request("r4", "Another title", Map.of()), 3);

      List<DeadLetter> letters = t.deadLetters();
      assertThat(letters).extracting(DeadLetter::getReason).containsOnly("PROCESSING_ERROR");
      assertThat(RegistryCounts.totals(t.driver.metrics()))
          .isEqualTo(
              totals(Map.of(Outcome.CREATED, 2L), Map.of(RejectionReason.PROCESSING_ERROR, 2L)));
    }
  }

  @Test
  void anAnswerTooLargeIsCountedAsADeadLetterAndNotAsAnAnswer() {
    Map<String, Object> smallProducer =
        Map.of(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 20_000);
    List<Object> empties = new ArrayList<>(Collections.nCopies(4_000, ""));
    try (RegistryTopologyDriver t = new RegistryTopologyDriver(smallProducer)) {
      t.send(request("huge", "Many empty notes", Map.of("notes", empties)), 0);
      t.send(request("small", "Many empty notes", Map.of("notes", List.of(""))), 1);
      t.sendBytes(
          null, REQUESTS.encode(request("big", "Big", Map.of("blob", "x".repeat(30_000)))), 2);

      assertThat(RegistryCounts.totals(t.driver.metrics()))
          .isEqualTo(
              totals(
                  Map.of(Outcome.CREATED, 1L),
                  Map.of(
                      RejectionReason.ANSWER_TOO_LARGE, 1L,
                      RejectionReason.REQUEST_TOO_LARGE, 1L)));
      assertThat(countsOnTopics(t)).isEqualTo(RegistryCounts.totals(t.driver.metrics()));
    }
  }

  @Test
  void suppressedUnchangedAnswersAreNotCounted() {
    try (RegistryTopologyDriver t = new RegistryTopologyDriver(false)) {
      t.send(request("c1", "A title", Map.of()), 0);
      t.send(request("n1", "A title", Map.of()), 1);
      t.send(request("n2", "A title", Map.of()), 2);

      assertThat(t.entries()).hasSize(1);
      assertThat(RegistryCounts.totals(t.driver.metrics()))
          .isEqualTo(totals(Map.of(Outcome.CREATED, 1L), Map.of()));
    }
  }

  /** The records on the entries and dead-letter topics, counted by outcome and by reason. */
  private static RegistryCounts.Totals countsOnTopics(RegistryTopologyDriver t) {
    Map<Outcome, Long> answers = new EnumMap<>(Outcome.class);
    Map<RejectionReason, Long> deadLetters = new EnumMap<>(RejectionReason.class);
    t.entries().forEach(e -> answers.merge(Outcome.valueOf(e.getOutcome().name()), 1L, Long::sum));
    t.deadLetters()
        .forEach(d -> deadLetters.merge(RejectionReason.valueOf(d.getReason()), 1L, Long::sum));
    return totals(answers, deadLetters);
  }

  /** Totals with the given counts and 0 for every other outcome and reason. */
  private static RegistryCounts.Totals totals(
      Map<Outcome, Long> answers, Map<RejectionReason, Long> deadLetters) {
    Map<Outcome, Long> allAnswers = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      allAnswers.put(outcome, answers.getOrDefault(outcome, 0L));
    }
    Map<RejectionReason, Long> allLetters = new EnumMap<>(RejectionReason.class);
    for (RejectionReason reason : RejectionReason.values()) {
      allLetters.put(reason, deadLetters.getOrDefault(reason, 0L));
    }
    return new RegistryCounts.Totals(
        Collections.unmodifiableMap(allAnswers), Collections.unmodifiableMap(allLetters));
  }
}
