package dev.registrystreams.client;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.TopicNames;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its answer: sends a {@link GenerationRequest} and waits for the entry or dead
 * letter that carries its request id. The answer topics are read from their end offsets taken
 * before sending (read_committed), so an answer is never missed and the history is never read.
 */
public final class RoundTrip {

  private static final Logger log = LoggerFactory.getLogger(RoundTrip.class);

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  /** What came back. */
  public sealed interface Reply {
    String requestId();
  }

  /**
   * The request was accepted: {@code entry} answers it.
   *
   * @param fromLookup true when the {@link EntryLookup} answered without a round trip
   */
  public record Answered(RegistryEntry entry, boolean fromLookup) implements Reply {
    @Override
    public String requestId() {
      return entry.getRequestId();
    }
  }

  /** The request was dead-lettered. */
  public record Rejected(DeadLetter letter) implements Reply {
    @Override
    public String requestId() {
      return letter.getRequestId();
    }
  }

  /** No answer came within the timeout. */
  public static final class NoAnswerException extends RuntimeException {
    public NoAnswerException(String requestId) {
      super("no answer for request " + requestId);
    }
  }

  private final Properties clientProperties;
  private final TopicNames topics;
  private final EntryLookup lookup;

  public RoundTrip(Properties clientProperties, TopicNames topics, EntryLookup lookup) {
    this.clientProperties = clientProperties;
    this.topics = topics;
    this.lookup = lookup;
  }

  /**
   * Answers {@code request} from the lookup if it can, else sends it with {@code key} and waits up
   * to {@code timeout} for its answer.
   *
   * @throws NoAnswerException when nothing answered it in time
   * @throws MissingTopicException when one of the application's topics does not exist
   */
  public Reply request(GenerationRequest request, byte[] key, Duration timeout) {
    Optional<RegistryEntry> cached;
    try {
      cached = lookup.unchangedAnswer(request);
    } catch (RuntimeException e) {
      // A lookup should not throw; if one does, the round trip still answers.
      log.debug("Entry lookup failed for request {}: {}", request.getRequestId(), e.toString());
      cached = Optional.empty();
    }
    if (cached.isPresent()) {
      // The request never reached Kafka: no record carries this request id (see EntryLookup).
      RegistryEntry entry = RegistryEntry.newBuilder(cached.get()).build();
      entry.setRequestId(request.getRequestId());
      entry.setOutcome(Outcome.UNCHANGED);
      return new Answered(entry, true);
    }
    Properties producer = new Properties();
    producer.putAll(clientProperties);
    producer.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
    String id = request.getRequestId();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (AnswerCollector collector =
        new AnswerCollector(clientProperties, topics, AnswerCollector.StartAt.END, timeout)) {
      collector.requireTopic(topics.requests(), timeout);
      try (RequestSender sender = new RequestSender(producer, topics.requests())) {
        sender.send(key, REQUESTS.encode(request));
      }
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      Answers answers = collector.collect(Set.of(id), 0, left);
      if (answers.entries().containsKey(id)) {
        return new Answered(answers.entries().get(id), false);
      }
      if (answers.deadLetters().containsKey(id)) {
        return new Rejected(answers.deadLetters().get(id));
      }
      throw new NoAnswerException(id);
    }
  }
}
