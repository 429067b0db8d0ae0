package dev.registrystreams.topology;

import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.RegistryEntry;

/**
 * Reads and answers from an entries-store value (a single-object encoded {@link RegistryEntry})
 * without decoding the whole entry: most requests repeat an entry, and their answer is the stored
 * record with another request id and outcome. Walks the bytes with {@link StoredEntryView}.
 */
final class StoredEntry {

  /** The two fields a repeated request is decided by. */
  record Summary(String dedupKey, String contentHash) {}

  private StoredEntry() {}

  /** The dedup key and content hash of a stored entry. */
  static Summary summary(byte[] stored) {
    StoredEntryView view = new StoredEntryView();
    view.read(stored);
    return new Summary(view.dedupKey(), view.contentHash());
  }

  /**
   * The stored entry as the answer to {@code requestId} with {@code outcome}: byte for byte what
   * encoding the decoded entry with those two fields replaced gives.
   */
  static byte[] answer(byte[] stored, String requestId, Outcome outcome) {
    StoredEntryView view = new StoredEntryView();
    view.read(stored);
    return view.answer(requestId, outcome);
  }
}
