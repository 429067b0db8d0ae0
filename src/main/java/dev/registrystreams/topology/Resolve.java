package dev.registrystreams.topology;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.avro.internal.AcceptedRequest;
import dev.registrystreams.core.Entry;
import dev.registrystreams.core.RegistrySchema;
import dev.registrystreams.core.RejectionReason;
import dev.registrystreams.core.Resolution;
import dev.registrystreams.core.Resolver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides CREATED, UPDATED or UNCHANGED for one request against the {@code entries} store, which is
 * keyed by entry id: the only source of the dedup decision. An entry id already owned by another
 * dedup key is an id collision, dead-lettered rather than merged.
 */
final class Resolve implements Processor<String, AcceptedRequest, String, Step<Answer>> {

  private static final AvroSerde<RegistryEntry> ENTRIES = AvroSerde.of(RegistryEntry.class);

  private final String storeName;
  private final Resolver resolver;
  private final DeadLetters deadLetters;
  private final int maxContextDepth;
  private final boolean emitUnchanged;
  private ProcessorContext<String, Step<Answer>> context;
  private KeyValueStore<String, byte[]> entries;

  Resolve(String storeName, RegistrySchema schema, boolean emitUnchanged) {
    this.storeName = storeName;
    this.resolver = new Resolver(schema);
    this.deadLetters = new DeadLetters(schema.secretMasker());
    this.maxContextDepth = schema.limits().maxContextDepth();
    this.emitUnchanged = emitUnchanged;
  }

  @Override
  public void init(ProcessorContext<String, Step<Answer>> context) {
    this.context = context;
    this.entries = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, AcceptedRequest> record) {
    AcceptedRequest accepted = record.value();
    GenerationRequest request = accepted.getRequest();
    String dedupKey = record.key();
    String entryId = accepted.getEntryId();

    byte[] stored = entries.get(entryId);
    StoredEntry.Summary prior = stored == null ? null : StoredEntry.summary(stored);
    if (prior != null && !prior.dedupKey().equals(dedupKey)) {
      rejectCollision(record, prior.dedupKey());
      return;
    }
    Resolver.Candidate candidate =
        resolver.candidate(
            Requests.toInput(request, record.timestamp(), maxContextDepth), dedupKey, entryId);

    if (prior != null && prior.contentHash().equals(candidate.contentHash())) {
      // Most requests repeat their entry: answer from the stored bytes, decoding nothing more.
      if (emitUnchanged) {
        byte[] answer = StoredEntry.answer(stored, request.getRequestId(), Outcome.UNCHANGED);
        context.forward(record.withValue(Step.next(new Answer(answer, null))));
      }
      return;
    }
    Entry priorEntry = stored == null ? null : EntryRecords.toEntry(ENTRIES.decode(stored));
    Resolution resolution = resolver.resolve(candidate, priorEntry);
    Outcome outcome = Outcome.valueOf(resolution.outcome().name());
    byte[] answer =
        ENTRIES.encode(EntryRecords.toRecord(resolution.entry(), request.getRequestId(), outcome));
    entries.put(entryId, answer);
    ConfigChange change = EntryRecords.toChange(resolution, request.getRequestId());
    context.forward(record.withValue(Step.next(new Answer(answer, change))));
  }

  private void rejectCollision(Record<String, AcceptedRequest> record, String ownerDedupKey) {
    AcceptedRequest accepted = record.value();
    byte[] key = Buffers.toArray(accepted.getOriginalKey());
    Origin origin =
        new Origin(
            key,
            accepted.getSourceTopic(),
            accepted.getSourcePartition(),
            accepted.getSourceOffset(),
            record.timestamp());
    String message =
        "entry id "
            + accepted.getEntryId()
            + " already belongs to dedup key "
            + ownerDedupKey
            + "; this request's dedup key "
            + record.key()
            + " shares its 50-bit prefix";
    context.forward(
        record.withValue(
            Step.reject(
                key,
                deadLetters.rejected(
                    accepted.getRequest(), RejectionReason.ID_COLLISION, message, origin))));
  }
}
