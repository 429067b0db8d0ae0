package dev.registrystreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.Answers;
import dev.registrystreams.client.Expected;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.embedded.TopicReader;
import dev.registrystreams.load.MixedWorkload;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.ContextValues;
import dev.registrystreams.topology.RegistryTopology;
import dev.registrystreams.topology.TopicNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole application against a real (in-process KRaft) broker with exactly_once_v2: every
 * request of a mixed workload gets exactly the answer it must, exactly once, also across a restart
 * and across a restart that lost the local state; and no secret reaches an output topic.
 */
class RegistryStreamsAppIT {

  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration ANSWERS = Duration.ofSeconds(120);
  private static final int STREAM_THREADS = 3;
  private static final int PARTITIONS = 6;

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final AvroSerde<ConfigChange> CHANGES = AvroSerde.of(ConfigChange.class);
  private static final AvroSerde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);
  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  @TempDir Path tmp;

  @Test
  void answersEveryRequestOfAMixedWorkloadExactlyOnce() {
    AppConfig config = config("eos");
    MixedWorkload workload = workload(config, 11);

    Answers answers;
    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, STARTUP)) {
      assertThat(app.config().processingGuarantee()).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
      send(config, workload.requests());
      answers = collect(config, workload);
    }

    assertExactAnswers(config, workload, answers);
  }

  @Test
  void keepsExactlyOnceWhenStoppedMidStreamAndRestarted() throws IOException {
    restartMidStream("restart", 23, false);
  }

  @Test
  void restoresTheEntryStoreFromItsChangelogWhenTheStateDirIsLost() throws IOException {
    restartMidStream("restore", 37, true);
  }

  @Test
  void noSecretFromARequestContextReachesAnyOutputTopic() {
    AppConfig config = config("secrets");
    MixedWorkload workload = workload(config, 53);
    // Rejected requests carry their (masked) request: give some of them secrets too.
    List<WorkloadRequest> rejectedWithSecrets = rejectedWithSecrets(config, 60);
    List<WorkloadRequest> all = new ArrayList<>(workload.requests());
    all.addAll(rejectedWithSecrets);

    Set<String> secrets = secretsIn(all);
    assertThat(secrets).hasSizeGreaterThan(500);

    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, STARTUP)) {
      send(config, all);
      Answers answers = collect(config, workload);
      assertThat(answers.countsByOutcome()).isEqualTo(workload.expectedCounts());
      assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();
      try (AnswerCollector collector = collector(config)) {
        Answers extra = collector.collect(ids(rejectedWithSecrets), 0, ANSWERS);
        assertThat(extra.deadLetters().keySet()).isEqualTo(ids(rejectedWithSecrets));
        assertThat(extra.deadLetters().values())
            .allMatch(letter -> letter.getReason().equals("UNKNOWN_SCOPE"));
        // The dead letter still says where the secret was: it is masked, not dropped.
        extra
            .deadLetters()
            .values()
            .forEach(
                letter -> {
                  GenerationRequest masked = REQUESTS.decode(bytes(letter.getOriginalValue()));
                  assertThat(ContextValues.toJava(masked.getContext(), 64))
                      .containsEntry("db_password", "******");
                });
      }
    }

    String bootstrap = config.bootstrapServers();
    // The scan works: every secret is found where it was sent.
    assertThat(secretsFound(TopicReader.everything(bootstrap, config.topics().requests()), secrets))
        .isEqualTo(secrets);
    List<String> outputs =
        List.of(
            config.topics().entries(),
            config.topics().configChanges(),
            config.topics().rejected(),
            config.applicationId() + "-" + RegistryTopology.ENTRIES_STORE + "-changelog",
            config.applicationId() + "-" + RegistryTopology.REPARTITION + "-repartition");
    for (String topic : outputs) {
      List<ConsumerRecord<byte[], byte[]>> records = TopicReader.everything(bootstrap, topic);
      assertThat(records).as(topic).isNotEmpty();
      assertThat(secretsFound(records, secrets)).as("secrets in " + topic).isEmpty();
    }
  }

  /**
   * A start that fails in Kafka Streams (here: a repartition topic left by an earlier run with
   * another partition count than the requests topic now has) says why, not only that it stopped.
   */
  @Test
  void aStartThatAStreamThreadFailureEndsSaysWhyInOneLine() {
    // One stream thread: with more, the others wait for the failed one's session to time out.
    AppConfig config = config("mismatch", 1);
    String repartition =
        config.applicationId() + "-" + RegistryTopology.REPARTITION + "-repartition";
    SharedKafkaBroker.createTopics(2, config.topics().requests());
    SharedKafkaBroker.createTopics(3, repartition);

    assertThatThrownBy(() -> RegistryStreamsApp.start(config, STARTUP).close())
        .isInstanceOf(StartupException.class)
        .hasMessage(
            "Kafka Streams stopped while starting: Existing internal topic "
                + repartition
                + " has invalid partitions: expected: 2; actual: 3. Use"
                + " 'org.apache.kafka.tools.StreamsResetter' tool to clean up invalid topics before"
                + " processing.");
  }

  /**
   * Existing topics keep their partitions. With a count asked for explicitly, topics that have
   * another are refused, by name, before anything is created; without, they win silently.
   */
  @Test
  void existingTopicsKeepTheirPartitionsAndAnExplicitOtherCountIsRefused() throws Exception {
    AppConfig config = config("partitions");
    TopicNames topics = config.topics();
    SharedKafkaBroker.createTopics(2, topics.requests());
    try (Admin admin = SharedKafkaBroker.admin()) {
      TopicProvisioner provisioner = new TopicProvisioner(admin, STARTUP.toMillis());

      assertThatThrownBy(
              () ->
                  provisioner.ensureTopics(
                      withLayout(config, new AppConfig.TopicLayout(3, (short) 1, -1, true))))
          .isInstanceOf(StartupException.class)
          .hasMessage(
              "topic "
                  + topics.requests()
                  + " has 2 partitions, not the 3 that --partitions asks for; the application"
                  + " never changes the partitions of an existing topic: leave --partitions out to"
                  + " run with the topics as they are");
      assertThat(admin.listTopics().names().get()).doesNotContain(topics.entries());

      // The same count as the topics have is fine, explicit or not; a defaulted one never fails.
      assertThat(
              provisioner.ensureTopics(
                  withLayout(config, new AppConfig.TopicLayout(3, (short) 1, -1, false))))
          .containsExactly(topics.entries(), topics.configChanges(), topics.rejected());
      assertThat(
              provisioner.ensureTopics(
                  withLayout(config, new AppConfig.TopicLayout(6, (short) 1, -1, false))))
          .isEmpty();
      assertThat(
              admin.describeTopics(topics.all()).allTopicNames().get().values().stream()
                  .map(t -> t.name() + "=" + t.partitions().size()))
          .containsExactlyInAnyOrder(
              topics.requests() + "=2",
              topics.entries() + "=3",
              topics.configChanges() + "=3",
              topics.rejected() + "=3");
      var entriesConfig =
          admin
              .describeConfigs(
                  java.util.List.of(
                      new org.apache.kafka.common.config.ConfigResource(
                          org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                          topics.entries())))
              .all()
              .get()
              .values()
              .iterator()
              .next();
      assertThat(entriesConfig.get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(entriesConfig.get("min.compaction.lag.ms").value()).isEqualTo("3600000");
      assertThatThrownBy(
              () ->
                  provisioner.ensureTopics(
                      withLayout(config, new AppConfig.TopicLayout(3, (short) 1, -1, true))))
          .hasMessageStartingWith("topic " + topics.requests() + " has 2 partitions, not the 3");
    }
  }

  private static AppConfig withLayout(AppConfig config, AppConfig.TopicLayout layout) {
    return new AppConfig(
        config.bootstrapServers(),
        config.applicationId(),
        config.topics(),
        config.schema(),
        config.numStreamThreads(),
        config.processingGuarantee(),
        config.stateDir(),
        config.hotTier(),
        config.emitUnchanged(),
        layout,
        config.kafkaConfig(),
        config.entryStore());
  }

  /**
   * Sends the first two thirds of a workload to one instance, closes it as soon as some answers are
   * out (most of its input usually still unprocessed), optionally deletes its state dir, then
   * starts a second instance with the same application id and sends the rest.
   */
  private void restartMidStream(String name, long seed, boolean deleteStateDir) throws IOException {
    AppConfig config = config(name);
    MixedWorkload workload = workload(config, seed);
    List<WorkloadRequest> requests = workload.requests();
    int split = requests.size() * 2 / 3;
    List<WorkloadRequest> first = requests.subList(0, split);
    Set<String> early = ids(first.subList(0, 300));

    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, STARTUP)) {
      send(config, first);
      try (AnswerCollector collector = collector(config)) {
        assertThat(collector.collect(early, 0, ANSWERS).entries().keySet()).isEqualTo(early);
      }
      assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();
    }
    int answeredByFirst =
        TopicReader.committed(config.bootstrapServers(), config.topics().entries()).size();
    System.out.printf(
        "%s: the first instance answered %d of the %d requests it was sent before it stopped%n",
        name, answeredByFirst, first.size());
    assertThat(answeredByFirst).isGreaterThanOrEqualTo(early.size());

    if (deleteStateDir) {
      deleteRecursively(config.stateDir());
      assertThat(config.stateDir()).doesNotExist();
    }

    Answers answers;
    try (RegistryStreamsApp app = RegistryStreamsApp.start(config, STARTUP)) {
      send(config, requests.subList(split, requests.size()));
      answers = collect(config, workload);
      assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();
    }

    assertExactAnswers(config, workload, answers);
  }

  // ---------------------------------------------------------------------------------------------
  // What every scenario must end with

  private static void assertExactAnswers(
      AppConfig config, MixedWorkload workload, Answers answers) {
    List<WorkloadRequest> requests = workload.requests();
    Set<String> ids = ids(requests);
    long undecodable = requests.stream().filter(r -> r.requestId() == null).count();

    // Totals, as the demo prints them.
    assertThat(answers.countsByOutcome()).isEqualTo(workload.expectedCounts());
    assertThat(answers.rejectionsByReason()).isEqualTo(workload.expectedRejections());
    assertThat(answers.duplicates()).isZero();

    // None lost, and each request got its own answer, not just the right totals.
    Set<String> answered = new HashSet<>(answers.entries().keySet());
    answered.addAll(answers.deadLetters().keySet());
    assertThat(answered).isEqualTo(ids);
    assertThat(answers.unidentified()).hasSize((int) undecodable);
    assertThat(answers.unidentified()).allMatch(d -> d.getReason().equals("UNDECODABLE"));
    for (WorkloadRequest request : requests) {
      if (request.requestId() == null) {
        continue;
      }
      if (request.expected() == Expected.REJECTED) {
        assertThat(answers.deadLetters().get(request.requestId()).getReason())
            .as(request.requestId())
            .isEqualTo(request.rejectReason());
      } else {
        assertThat(answers.entries().get(request.requestId()).getOutcome().name())
            .as(request.requestId())
            .isEqualTo(request.expected().name());
      }
    }

    assertOneConsistentChangePerCreateAndUpdate(answers);

    // Exactly once on the topics themselves, not only in what the collector kept.
    String bootstrap = config.bootstrapServers();
    List<RegistryEntry> entries =
        TopicReader.committed(bootstrap, config.topics().entries()).stream()
            .map(r -> entryWithKey(r))
            .toList();
    List<ConfigChange> changes =
        TopicReader.committed(bootstrap, config.topics().configChanges()).stream()
            .map(r -> CHANGES.decode(r.value()))
            .toList();
    List<DeadLetter> letters =
        TopicReader.committed(bootstrap, config.topics().rejected()).stream()
            .map(r -> DEAD_LETTERS.decode(r.value()))
            .toList();
    assertThat(countBy(entries, RegistryEntry::getRequestId))
        .isEqualTo(onceEach(answers.entries().keySet()));
    assertThat(countBy(changes, ConfigChange::getRequestId))
        .isEqualTo(
            onceEach(
                answers.entries().values().stream()
                    .filter(e -> e.getOutcome() != Outcome.UNCHANGED)
                    .map(RegistryEntry::getRequestId)
                    .collect(Collectors.toSet())));
    assertThat(
            countBy(
                letters.stream().filter(d -> d.getRequestId() != null).toList(),
                DeadLetter::getRequestId))
        .isEqualTo(onceEach(answers.deadLetters().keySet()));
    assertThat(letters.stream().filter(d -> d.getRequestId() == null)).hasSize((int) undecodable);

    assertRevisionsStepByOnePerUpdateInRequestOrder(workload, entries);
  }

  private static void assertOneConsistentChangePerCreateAndUpdate(Answers answers) {
    Map<String, List<ConfigChange>> changesByRequest =
        answers.changes().stream().collect(Collectors.groupingBy(ConfigChange::getRequestId));
    Set<String> changed = new HashSet<>();
    for (RegistryEntry entry : answers.entries().values()) {
      List<ConfigChange> changes = changesByRequest.getOrDefault(entry.getRequestId(), List.of());
      if (entry.getOutcome() == Outcome.UNCHANGED) {
        assertThat(changes).as(entry.getRequestId()).isEmpty();
        continue;
      }
      changed.add(entry.getRequestId());
      assertThat(changes).as(entry.getRequestId()).hasSize(1);
      ConfigChange change = changes.get(0);
      assertThat(change.getEntryId()).isEqualTo(entry.getId());
      assertThat(change.getDedupKey()).isEqualTo(entry.getDedupKey());
      assertThat(change.getHeader()).isEqualTo(entry.getHeader());
      assertThat(change.getHashTo()).isEqualTo(entry.getContentHash());
      assertThat(change.getRevisionTo()).isEqualTo(entry.getRevision());
      if (entry.getOutcome() == Outcome.CREATED) {
        assertThat(change.getRevisionFrom()).as(entry.getRequestId()).isZero();
        assertThat(change.getRevisionTo()).as(entry.getRequestId()).isEqualTo(1);
        assertThat(change.getHashFrom()).isNull();
      } else {
        assertThat(change.getRevisionFrom()).as(entry.getRequestId()).isPositive();
        assertThat(change.getRevisionTo())
            .as(entry.getRequestId())
            .isEqualTo(change.getRevisionFrom() + 1);
        assertThat(change.getHashFrom()).isNotNull().isNotEqualTo(change.getHashTo());
        assertThat(change.getChanges()).isNotEmpty();
      }
    }
    assertThat(changesByRequest.keySet()).isEqualTo(changed);
  }

  /**
   * Per dedup key, the entries topic holds the answers to that title's requests in the order they
   * were sent: revision 1 when CREATED, +1 on each UPDATED, the same on each UNCHANGED.
   */
  private static void assertRevisionsStepByOnePerUpdateInRequestOrder(
      MixedWorkload workload, List<RegistryEntry> entries) {
    Map<String, List<String>> sentPerTitle = new LinkedHashMap<>();
    Map<String, String> titleOfRequest = new HashMap<>();
    for (WorkloadRequest request : workload.requests()) {
      if (request.expected() != Expected.REJECTED) {
        String title = new String(request.key(), StandardCharsets.UTF_8);
        sentPerTitle.computeIfAbsent(title, t -> new ArrayList<>()).add(request.requestId());
        titleOfRequest.put(request.requestId(), title);
      }
    }
    Map<String, List<RegistryEntry>> perKey = new LinkedHashMap<>();
    entries.forEach(e -> perKey.computeIfAbsent(e.getDedupKey(), k -> new ArrayList<>()).add(e));
    assertThat(perKey).hasSize(sentPerTitle.size());

    int updates = 0;
    for (List<RegistryEntry> answers : perKey.values()) {
      String title = titleOfRequest.get(answers.get(0).getRequestId());
      assertThat(answers.stream().map(RegistryEntry::getRequestId).toList())
          .as(title)
          .isEqualTo(sentPerTitle.get(title));
      int revision = 0;
      for (RegistryEntry answer : answers) {
        int expected =
            switch (answer.getOutcome()) {
              case CREATED -> {
                assertThat(revision).as(answer.getRequestId()).isZero();
                yield 1;
              }
              case UPDATED -> revision + 1;
              case UNCHANGED -> revision;
            };
        assertThat(answer.getRevision()).as(answer.getRequestId()).isEqualTo(expected);
        revision = expected;
      }
      long updated = answers.stream().filter(a -> a.getOutcome() == Outcome.UPDATED).count();
      assertThat(revision).as(title).isEqualTo(1 + updated);
      updates += (int) updated;
    }
    assertThat(updates).isEqualTo(workload.expectedCounts().get(Expected.UPDATED));
  }

  private static RegistryEntry entryWithKey(ConsumerRecord<byte[], byte[]> record) {
    RegistryEntry entry = ENTRIES.decode(record.value());
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(entry.getDedupKey());
    return entry;
  }

  private static <T> Map<String, Long> countBy(List<T> records, Function<T, String> id) {
    return records.stream().collect(Collectors.groupingBy(id, TreeMap::new, Collectors.counting()));
  }

  private static Map<String, Long> onceEach(Set<String> ids) {
    return ids.stream().collect(Collectors.toMap(id -> id, id -> 1L, (a, b) -> a, TreeMap::new));
  }

  // ---------------------------------------------------------------------------------------------
  // Secrets

  private static List<WorkloadRequest> rejectedWithSecrets(AppConfig config, int count) {
    List<WorkloadRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String requestId = config.applicationId() + "-secret-" + i;
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("env", "prod");
      context.put("db_password", "rejected-s3cr3t-" + UUID.randomUUID());
      GenerationRequest request =
          GenerationRequest.newBuilder()
              .setRequestId(requestId)
              .setTitle("Rejected with a secret " + i)
              .setScope("MARKETING")
              .setType("RULES")
              .setContext(ContextValues.toAvro(context))
              .build();
      requests.add(
          new WorkloadRequest(
              requestId,
              requestId.getBytes(StandardCharsets.UTF_8),
              REQUESTS.encode(request),
              Expected.REJECTED,
              "UNKNOWN_SCOPE"));
    }
    return requests;
  }

  /** The db_password values of every decodable request's context. */
  private static Set<String> secretsIn(List<WorkloadRequest> requests) {
    Set<String> secrets = new HashSet<>();
    for (WorkloadRequest request : requests) {
      if (request.requestId() == null) {
        continue; // undecodable on purpose
      }
      GenerationRequest decoded = REQUESTS.decode(request.value());
      Object secret = ContextValues.toJava(decoded.getContext(), 64).get("db_password");
      if (secret != null) {
        secrets.add((String) secret);
      }
    }
    return secrets;
  }

  /**
   * The secrets that occur anywhere in the raw key or value bytes of {@code records}. Indexed by
   * their first four bytes, so a scan costs one lookup per byte.
   */
  private static Set<String> secretsFound(
      List<ConsumerRecord<byte[], byte[]>> records, Set<String> secrets) {
    Map<String, List<String>> byPrefix = new HashMap<>();
    for (String secret : secrets) {
      String raw = latin1(secret.getBytes(StandardCharsets.UTF_8));
      assertThat(raw).hasSizeGreaterThanOrEqualTo(4);
      byPrefix.computeIfAbsent(raw.substring(0, 4), p -> new ArrayList<>()).add(raw);
    }
    Set<String> found = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      for (byte[] bytes : new byte[][] {record.key(), record.value()}) {
        if (bytes == null) {
          continue;
        }
        String text = latin1(bytes);
        for (int i = 0; i + 4 <= text.length(); i++) {
          List<String> candidates = byPrefix.get(text.substring(i, i + 4));
          if (candidates != null) {
            for (String candidate : candidates) {
              if (text.startsWith(candidate, i)) {
                found.add(
                    new String(
                        candidate.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
              }
            }
          }
        }
      }
    }
    return found;
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Setup

  /** A configuration with its own topics, application id and state dir. */
  private AppConfig config(String name) {
    return config(name, STREAM_THREADS);
  }

  private AppConfig config(String name, int streamThreads) {
    String unique = SharedKafkaBroker.uniqueTopic("app-it-" + name);
    return RunTopics.appConfig(
        unique,
        RunTopics.of(unique, "."),
        streamThreads,
        StreamsConfig.EXACTLY_ONCE_V2,
        tmp.resolve("state-" + name),
        PARTITIONS,
        Map.of());
  }

  /** 3,000 titles, 2,000 duplicates, 800 updates and 200 bad records. */
  private static MixedWorkload workload(AppConfig config, long seed) {
    return MixedWorkload.generate(
        new MixedWorkload.Shape(3_000, 2_000, 800, 200, seed), config.applicationId());
  }

  private static void send(AppConfig config, List<WorkloadRequest> requests) {
    try (RequestSender sender =
        new RequestSender(config.clientProperties(), config.topics().requests())) {
      sender.sendAll(requests);
    }
  }

  private static Answers collect(AppConfig config, MixedWorkload workload) {
    List<WorkloadRequest> requests = workload.requests();
    int undecodable = (int) requests.stream().filter(r -> r.requestId() == null).count();
    try (AnswerCollector collector = collector(config)) {
      return collector.collect(ids(requests), undecodable, ANSWERS);
    }
  }

  private static AnswerCollector collector(AppConfig config) {
    return new AnswerCollector(config.clientProperties(), config.topics());
  }

  private static Set<String> ids(List<WorkloadRequest> requests) {
    return requests.stream()
        .map(WorkloadRequest::requestId)
        .filter(Objects::nonNull)
        .collect(Collectors.toSet());
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
