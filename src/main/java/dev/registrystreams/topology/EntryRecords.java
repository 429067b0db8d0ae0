package dev.registrystreams.topology;

import dev.registrystreams.avro.ChangeOp;
import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.PathChange;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.Entry;
import dev.registrystreams.core.Resolution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Maps the core's entries and resolutions to their Avro records and back. */
final class EntryRecords {

  // Stored contexts passed validation, so are far shallower; this only bounds the recursion.
  private static final int STORED_CONTEXT_DEPTH = 64;

  private EntryRecords() {}

  /** The entry as the answer to {@code requestId}. */
  static RegistryEntry toRecord(Entry entry, String requestId, Outcome outcome) {
    return RegistryEntry.newBuilder()
        .setRequestId(requestId)
        .setOutcome(outcome)
        .setId(entry.id())
        .setDedupKey(entry.dedupKey())
        .setRevision(entry.revision())
        .setHeader(entry.header())
        .setGrepable(entry.grepable())
        .setConfig(entry.config())
        .setContentHash(entry.contentHash())
        .setScope(entry.scope())
        .setType(entry.type())
        .setVariant(entry.variant())
        .setVersion(entry.version())
        .setStatus(entry.status())
        .setTitle(entry.title())
        .setCreatedAt(Instant.ofEpochMilli(entry.createdAt()))
        .setUpdatedAt(Instant.ofEpochMilli(entry.updatedAt()))
        .setContext(ContextValues.toAvro(entry.context()))
        .build();
  }

  /** The stored record as a core entry (the answer's request id and outcome are not part of it). */
  static Entry toEntry(RegistryEntry record) {
    return new Entry(
        record.getId(),
        record.getDedupKey(),
        record.getRevision(),
        record.getHeader(),
        record.getGrepable(),
        record.getConfig(),
        record.getContentHash(),
        record.getScope(),
        record.getType(),
        record.getVariant(),
        record.getVersion(),
        record.getStatus(),
        record.getTitle(),
        record.getCreatedAt().toEpochMilli(),
        record.getUpdatedAt().toEpochMilli(),
        ContextValues.toJava(record.getContext(), STORED_CONTEXT_DEPTH));
  }

  /** The config-change event of a CREATED or UPDATED resolution. */
  static ConfigChange toChange(Resolution resolution, String requestId) {
    Entry entry = resolution.entry();
    Entry previous = resolution.previous();
    List<PathChange> changes = new ArrayList<>(resolution.changes().size());
    for (dev.registrystreams.core.diff.PathChange change : resolution.changes()) {
      changes.add(
          new PathChange(
              change.path(),
              ChangeOp.valueOf(change.op().name()),
              change.oldValue(),
              change.newValue()));
    }
    return ConfigChange.newBuilder()
        .setEntryId(entry.id())
        .setDedupKey(entry.dedupKey())
        .setRequestId(requestId)
        .setHeader(entry.header())
        .setRevisionFrom(previous == null ? 0 : previous.revision())
        .setRevisionTo(entry.revision())
        .setHashFrom(previous == null ? null : previous.contentHash())
        .setHashTo(entry.contentHash())
        .setChangedAt(Instant.ofEpochMilli(entry.updatedAt()))
        .setChanges(changes)
        .build();
  }
}
