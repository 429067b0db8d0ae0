package dev.registrystreams.topology;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.avro.internal.AcceptedRequest;
import dev.registrystreams.core.Entry;
import dev.registrystreams.core.GenerationInput;
import dev.registrystreams.core.HeaderSchema;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.RejectionReason;
import dev.registrystreams.core.Resolution;
import dev.registrystreams.core.Resolver;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * Decides CREATED, UPDATED or UNCHANGED for one request against the {@code entries} store, which is
 * keyed by entry id: the only source of the dedup decision. An entry id already owned by another
 * dedup key is an id collision, dead-lettered rather than merged.
 */
final class Resolve implements Processor<String, RepartitionedRequest, String, Step<Answer>> {

  private static final byte[] ENV_KEY = HeaderSchema.ENV_KEY.getBytes(StandardCharsets.UTF_8);
  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);
  private static final AvroSerde<ConfigChange> CHANGES = AvroSerde.of(ConfigChange.class);

  // A change lists old and new values and the path of each: below this share of the room, the
  // change of an entry and its prior is known to fit unmeasured.
  private static final int CHANGE_GROWTH_BOUND = 16;

  private final String storeName;
  private final TopicNames topics;
  private final RegistrySchema schema;
  private final Resolver resolver;
  private final HeaderSchema header;
  private final int maxContextDepth;
  private final boolean emitUnchanged;
  private final boolean fastPath;
  private final StoredEntryView storedView = new StoredEntryView();
  // Set by init.
  private @Nullable ProcessorContext<String, Step<Answer>> context;
  private @Nullable KeyValueStore<String, byte[]> entries;
  private @Nullable DeadLetters deadLetters;
  private @Nullable OutputLimits limits;
  private @Nullable ProductionFailures failures;
  private @Nullable String changelogTopic;
  // Requests the fast path answered, so that tests can tell it was taken.
  private long fastAnswers;

  Resolve(String storeName, TopicNames topics, RegistrySchema schema, boolean emitUnchanged) {
    this(storeName, topics, schema, emitUnchanged, true);
  }

  /**
   * @param fastPath whether a request asking for exactly its stored content is answered from the
   *     stored fields (no content document, no hash); off only to test that it answers the same
   */
  Resolve(
      String storeName,
      TopicNames topics,
      RegistrySchema schema,
      boolean emitUnchanged,
      boolean fastPath) {
    this.fastPath = fastPath;
    this.storeName = storeName;
    this.topics = topics;
    this.schema = schema;
    this.resolver = new Resolver(schema);
    this.header = schema.header();
    this.maxContextDepth = schema.limits().maxContextDepth();
    this.emitUnchanged = emitUnchanged;
  }

  @Override
  public void init(ProcessorContext<String, Step<Answer>> context) {
    this.context = context;
    this.entries = context.getStateStore(storeName);
    this.limits = OutputLimits.from(context.appConfigs());
    this.failures = ProductionFailures.from(context.appConfigs());
    this.deadLetters = new DeadLetters(schema.secretMasker(), limits, topics.rejected(), failures);
    this.changelogTopic = RegistryTopology.changelogTopic(context.applicationId());
  }

  private ProcessorContext<String, Step<Answer>> context() {
    return Objects.requireNonNull(context, "the processor is not initialised");
  }

  private KeyValueStore<String, byte[]> entries() {
    return Objects.requireNonNull(entries, "the processor is not initialised");
  }

  private DeadLetters deadLetters() {
    return Objects.requireNonNull(deadLetters, "the processor is not initialised");
  }

  private OutputLimits limits() {
    return Objects.requireNonNull(limits, "the processor is not initialised");
  }

  private ProductionFailures failures() {
    return Objects.requireNonNull(failures, "the processor is not initialised");
  }

  private String changelogTopic() {
    return Objects.requireNonNull(changelogTopic, "the processor is not initialised");
  }

  @Override
  public void process(Record<String, RepartitionedRequest> record) {
    RepartitionedRequest repartitioned = record.value();
    String dedupKey = record.key();
    String entryId = repartitioned.entryId();

    byte[] stored = entries().get(entryId);
    if (stored != null) {
      storedView.read(stored);
      if (!storedView.hasDedupKey(dedupKey)) {
        rejectCollision(record, storedView.dedupKey());
        return;
      }
      // Most requests repeat their entry exactly: their fields equal the stored ones, so their
      // content and its hash are the stored ones, and the answer is the stored bytes. Neither
      // the request nor the entry is decoded for it.
      if (fastPath && answeredFromStoredBytes(record, repartitioned.encoded(), entryId)) {
        return;
      }
    }
    GenerationInput input = repartitioned.toInput(record.timestamp(), maxContextDepth);
    Resolver.Candidate candidate = resolver.candidate(input, dedupKey, entryId);

    if (stored != null && storedView.contentHash().equals(candidate.contentHash())) {
      answerUnchanged(record, input.requestId(), candidate.contentHash());
      return;
    }
    // Decoded from the bytes already walked: the config, which an update does not read, is one
    // string copy, and nothing goes through Avro's decoder.
    Entry priorEntry = stored == null ? null : storedView.toEntry();
    Resolution resolution = resolver.resolve(candidate, priorEntry);
    Outcome outcome = Outcome.valueOf(resolution.outcome().name());
    byte[] answer =
        ENTRIES.encode(EntryRecords.toRecord(resolution.entry(), input.requestId(), outcome));
    ConfigChange change = EntryRecords.toChange(resolution, input.requestId());
    int priorLength = stored == null ? 0 : stored.length;
    if (!answerable(record, answer, change, candidate.contentHash(), priorLength)) {
      return;
    }
    entries().put(entryId, answer);
    context()
        .forward(record.withValue(Step.next(new Answer(answer, resolution.outcome(), change))));
  }

  long fastAnswers() {
    return fastAnswers;
  }

  /** Answers UNCHANGED from the stored bytes if the request asks for exactly the stored content. */
  private boolean answeredFromStoredBytes(
      Record<String, RepartitionedRequest> record,
      @Nullable EncodedAcceptedRequest encoded,
      String entryId) {
    if (encoded == null || !asksForStoredContent(encoded.request(), entryId)) {
      return false;
    }
    fastAnswers++;
    if (emitUnchanged) {
      EncodedRequest request = encoded.request();
      byte[] answer =
          storedView.answer(
              request.bytes(),
              request.requestIdStart(),
              request.requestIdLength(),
              Outcome.UNCHANGED);
      answerUnchanged(record, answer, null);
    }
    return true;
  }

  private boolean asksForStoredContent(EncodedRequest request, String entryId) {
    String variant = header.variantForEnv(request.contextText(ENV_KEY));
    String version = request.version();
    String status = request.status();
    return storedView.hasContentOf(
        request,
        entryId,
        variant,
        version != null ? version : header.defaultVersion(),
        status != null ? status : header.defaultStatus());
  }

  /**
   * Answers UNCHANGED from the stored entry {@link #storedView} has read.
   *
   * @param contentHash the request's content hash, the stored one
   */
  private void answerUnchanged(
      Record<String, RepartitionedRequest> record, String requestId, String contentHash) {
    if (emitUnchanged) {
      answerUnchanged(record, storedView.answer(requestId, Outcome.UNCHANGED), contentHash);
    }
  }

  /**
   * Answers UNCHANGED with {@code answer}, the stored entry {@link #storedView} has read as the
   * answer to this request.
   *
   * @param contentHash the request's content hash, the stored one; null to read it from the store
   *     if it is needed
   */
  private void answerUnchanged(
      Record<String, RepartitionedRequest> record, byte[] answer, @Nullable String contentHash) {
    String hash = contentHash != null || !failures().any() ? contentHash : storedView.contentHash();
    if (!answerable(record, answer, null, hash, 0)) {
      return;
    }
    context()
        .forward(
            record.withValue(
                Step.next(new Answer(answer, dev.registrystreams.core.Outcome.UNCHANGED, null))));
  }

  /**
   * Whether every record of this answer can be written: the entry, its changelog record and its
   * change event, none too large and none a producer refused before. If not, the request is
   * dead-lettered instead and the store is left as it was.
   *
   * @param contentHash the answer's content hash, by which a refused entry is recognised
   */
  private boolean answerable(
      Record<String, RepartitionedRequest> record,
      byte[] answer,
      @Nullable ConfigChange change,
      @Nullable String contentHash,
      int priorLength) {
    String dedupKey = record.key();
    String entryId = record.value().entryId();
    int headerSize = ForwardedHeaders.size(record.headers());
    String tooLarge = null;
    if (!limits().fits(topics.entries(), dedupKey.length() + headerSize, answer.length)) {
      tooLarge = tooLarge("entry", answer.length, topics.entries());
    } else if (change != null
        && !limits().fits(changelogTopic(), entryId.length(), answer.length)) {
      tooLarge = tooLarge("entry", answer.length, changelogTopic());
    }
    byte[] changeBytes = null;
    if (tooLarge == null && change != null) {
      long bound = (long) CHANGE_GROWTH_BOUND * (answer.length + priorLength);
      if (bound > limits().valueRoom(topics.configChanges(), entryId.length())) {
        changeBytes = CHANGES.encode(change);
        if (!limits()
            .fits(topics.configChanges(), entryId.length() + headerSize, changeBytes.length)) {
          tooLarge = tooLarge("config change", changeBytes.length, topics.configChanges());
        }
      }
    }
    if (tooLarge != null) {
      reject(record, RejectionReason.ANSWER_TOO_LARGE, tooLarge);
      return false;
    }
    String refusal = failures().any() ? refusal(dedupKey, contentHash, change) : null;
    if (refusal != null) {
      reject(record, RejectionReason.PRODUCTION_ERROR, refusal);
      return false;
    }
    return true;
  }

  private @Nullable String refusal(
      String dedupKey, @Nullable String contentHash, @Nullable ConfigChange change) {
    String refusal = failures().refusalOfEntry(dedupKey, contentHash);
    if (refusal == null && change != null) {
      refusal = failures().refusalOfChange(change.getEntryId(), change.getHashTo());
    }
    return refusal;
  }

  private String tooLarge(String what, int length, String topic) {
    return limits().tooLarge("the " + what + " would be " + length + " bytes", topic);
  }

  private void rejectCollision(Record<String, RepartitionedRequest> record, String ownerDedupKey) {
    AcceptedRequest accepted = record.value().record();
    String message =
        "entry id "
            + accepted.getEntryId()
            + " already belongs to dedup key "
            + ownerDedupKey
            + "; this request's dedup key "
            + record.key()
            + " shares its 50-bit prefix";
    reject(record, RejectionReason.ID_COLLISION, message);
  }

  private void reject(
      Record<String, RepartitionedRequest> record, RejectionReason reason, String message) {
    AcceptedRequest accepted = record.value().record();
    Origin origin =
        new Origin(
            Buffers.toArray(accepted.getOriginalKey()),
            accepted.getSourceTopic(),
            accepted.getSourcePartition(),
            accepted.getSourceOffset(),
            record.timestamp());
    context()
        .forward(
            record.withValue(
                deadLetters().<Answer>rejected(accepted.getRequest(), reason, message, origin)));
  }
}
