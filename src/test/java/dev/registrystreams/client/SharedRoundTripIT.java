package dev.registrystreams.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.registrystreams.app.RunTopics;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.TopicNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shared round trip's own rules, on the shared broker with no application behind the topics (so
 * that nothing answers unless the test writes the answer): one waiting caller per request id, the
 * bound on waiting callers, an answer handed to its caller alone, and callers still waiting when it
 * closes told so.
 */
class SharedRoundTripIT {

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);

  @Test
  void oneCallerPerRequestIdWaitingBoundedAnsweredByIdAndToldOfTheClose() throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("shared-trip");
    TopicNames topics = RunTopics.create(run, 2);
    SharedRoundTrip trip =
        SharedRoundTrip.start(RunTopics.sharedBrokerClient(), topics, 2, Duration.ofSeconds(30));
    try {
      SharedRoundTrip.Pending first = trip.send(request(run + "-1"), "k".getBytes());
      first.sent().get(30, TimeUnit.SECONDS);
      assertThatThrownBy(() -> trip.send(request(run + "-1"), "k".getBytes()))
          .isInstanceOf(SharedRoundTrip.DuplicateRequestIdException.class)
          .hasMessage("request id " + run + "-1 is already waiting for its answer");
      SharedRoundTrip.Pending second = trip.send(request(run + "-2"), "k".getBytes());
      assertThatThrownBy(() -> trip.send(request(run + "-3"), "k".getBytes()))
          .isInstanceOf(SharedRoundTrip.TooManyWaitingException.class)
          .hasMessage("2 requests are waiting for their answers already");
      assertThat(trip.waiting()).isEqualTo(2);

      // The answer to the second, written as the application would: only its caller gets it.
      try (RequestSender answers =
          new RequestSender(RunTopics.sharedBrokerClient(), topics.entries())) {
        answers.send(null, ENTRIES.encode(entry(run + "-2")));
      }
      RoundTrip.Reply reply = second.answer().get(30, TimeUnit.SECONDS);
      assertThat(reply.requestId()).isEqualTo(run + "-2");
      assertThat(first.answer()).isNotDone();
      assertThat(trip.waiting()).isEqualTo(1);
      // Its id is free again.
      trip.send(request(run + "-2"), "k".getBytes()).answer().cancel(false);
      assertThat(trip.waiting()).isEqualTo(1);
    } finally {
      trip.close();
    }
    assertThatThrownBy(() -> trip.send(request(run + "-4"), "k".getBytes()))
        .isInstanceOf(SharedRoundTrip.NotSentException.class);
  }

  @Test
  void callersStillWaitingAtTheCloseAreToldItStopped() throws Exception {
    String run = SharedKafkaBroker.uniqueTopic("shared-trip-close");
    TopicNames topics = RunTopics.create(run, 1);
    SharedRoundTrip trip =
        SharedRoundTrip.start(RunTopics.sharedBrokerClient(), topics, 10, Duration.ofSeconds(30));
    SharedRoundTrip.Pending pending = trip.send(request(run + "-1"), null);
    pending.sent().get(30, TimeUnit.SECONDS);
    trip.close();
    assertThatThrownBy(() -> pending.answer().join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(SharedRoundTrip.StoppedException.class);
  }

  private static GenerationRequest request(String id) {
    return GenerationRequest.newBuilder()
        .setRequestId(id)
        .setTitle(id)
        .setScope("GOV")
        .setType("RULES")
        .setContext(Map.of())
        .build();
  }

  private static RegistryEntry entry(String requestId) {
    return RegistryEntry.newBuilder()
        .setRequestId(requestId)
        .setOutcome(Outcome.CREATED)
        .setId("GOV-RULES-0000000000")
        .setDedupKey("0".repeat(32))
        .setRevision(1)
        .setHeader("[GOV][RULES][BASE][GOV-RULES-0000000000][v2.9][REQUIRED]")
        .setGrepable("[gov-rules-base-gov-rules-0000000000-v2.9-required]")
        .setConfig("header: x\n")
        .setContentHash("0".repeat(64))
        .setScope("GOV")
        .setType("RULES")
        .setVariant("BASE")
        .setVersion("v2.9")
        .setStatus("REQUIRED")
        .setTitle(requestId)
        .setCreatedAt(Instant.EPOCH)
        .setUpdatedAt(Instant.EPOCH)
        .setContext(Map.of())
        .build();
  }
}
