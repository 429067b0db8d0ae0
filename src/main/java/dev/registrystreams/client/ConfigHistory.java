package dev.registrystreams.client;

import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.core.ContentHash;
import dev.registrystreams.core.EntryDocument;
import dev.registrystreams.core.diff.ChangeOp;
import dev.registrystreams.core.diff.ConfigPatch;
import dev.registrystreams.core.diff.PathChange;
import dev.registrystreams.core.text.UserText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every revision of one entry, rebuilt from its config-change events: the CREATED event carries the
 * whole content as ADD operations and each UPDATED event the diff to the revision before, so
 * revision N is the fold of events 1..N. Every rebuilt revision is checked against the content hash
 * its event names.
 *
 * <p>A CREATED event after others starts the history again (the application was reset and the entry
 * created anew); an event that repeats a revision with the same hash is skipped (a re-processed
 * record under at-least-once).
 */
public final class ConfigHistory {

  /** The events do not make a complete, consistent history. */
  public static final class HistoryException extends RuntimeException {
    HistoryException(String message) {
      super(message);
    }
  }

  /**
   * One revision.
   *
   * @param content the content document (no createdAt, revision, updatedAt or hash), keys in the
   *     order the application writes them
   */
  public record Revision(
      int revision,
      String contentHash,
      Instant changedAt,
      String requestId,
      String header,
      List<PathChange> changes,
      Map<String, Object> content) {

    /** Changes of the given kind in this revision's event. */
    public long count(ChangeOp op) {
      return changes.stream().filter(c -> c.op() == op).count();
    }
  }

  private final List<Revision> revisions;

  private ConfigHistory(List<Revision> revisions) {
    this.revisions = List.copyOf(revisions);
  }

  /**
   * Folds the events of one entry, in the order they were written.
   *
   * @throws HistoryException when an event does not follow the one before or a rebuilt revision
   *     does not match its hash
   */
  public static ConfigHistory fold(List<ConfigChange> events) {
    List<Revision> revisions = new ArrayList<>();
    for (ConfigChange event : events) {
      List<PathChange> changes = toCore(event);
      if (event.getRevisionFrom() == 0) {
        if (!revisions.isEmpty() && isRepeat(revisions, event)) {
          continue;
        }
        revisions.clear();
        revisions.add(revision(event, changes, ConfigPatch.apply(null, changes)));
        continue;
      }
      if (revisions.isEmpty()) {
        throw new HistoryException(
            "the history of "
                + event.getEntryId()
                + " starts at revision "
                + event.getRevisionTo()
                + " instead of 1 (older change events are gone)");
      }
      if (isRepeat(revisions, event)) {
        continue;
      }
      Revision last = revisions.get(revisions.size() - 1);
      if (event.getRevisionFrom() != last.revision()
          || !last.contentHash().equals(event.getHashFrom())) {
        throw new HistoryException(
            "the history of "
                + event.getEntryId()
                + " has a gap: an event goes from revision "
                + event.getRevisionFrom()
                + " but the revision before it is "
                + last.revision());
      }
      Map<String, Object> content;
      try {
        content = ConfigPatch.apply(last.content(), changes);
      } catch (ConfigPatch.ConflictException e) {
        throw new HistoryException(
            "revision "
                + event.getRevisionTo()
                + " of "
                + event.getEntryId()
                + " does not apply to revision "
                + last.revision()
                + ": "
                + e.getMessage());
      }
      revisions.add(revision(event, changes, content));
    }
    return new ConfigHistory(revisions);
  }

  private static boolean isRepeat(List<Revision> revisions, ConfigChange event) {
    int to = event.getRevisionTo();
    return to >= 1
        && to <= revisions.size()
        && revisions.get(to - 1).contentHash().equals(event.getHashTo());
  }

  private static Revision revision(
      ConfigChange event, List<PathChange> changes, Map<String, Object> folded) {
    Map<String, Object> content = EntryDocument.inContentOrder(folded);
    String hash = ContentHash.of(content);
    if (!hash.equals(event.getHashTo())) {
      throw new HistoryException(
          "revision "
              + event.getRevisionTo()
              + " of "
              + event.getEntryId()
              + " rebuilt from its change events has content hash "
              + hash
              + ", not "
              + event.getHashTo());
    }
    return new Revision(
        event.getRevisionTo(),
        event.getHashTo(),
        event.getChangedAt(),
        event.getRequestId(),
        event.getHeader(),
        changes,
        content);
  }

  private static List<PathChange> toCore(ConfigChange event) {
    List<PathChange> out = new ArrayList<>(event.getChanges().size());
    for (dev.registrystreams.avro.PathChange change : event.getChanges()) {
      out.add(
          new PathChange(
              change.getPath(),
              ChangeOp.valueOf(change.getOp().name()),
              change.getOldValue(),
              change.getNewValue()));
    }
    return out;
  }

  public List<Revision> revisions() {
    return revisions;
  }

  public boolean isEmpty() {
    return revisions.isEmpty();
  }

  public Revision latest() {
    return revisions.get(revisions.size() - 1);
  }

  /**
   * The revision a user named: a revision number, or a content hash or a prefix of it of at least 7
   * hex characters (a text of 7 or more digits is taken as a hash prefix).
   *
   * @throws IllegalArgumentException with a one-line message when there is no such revision, or the
   *     prefix names more than one
   */
  public Revision find(String revisionOrHash) {
    String text = revisionOrHash.strip().toLowerCase(Locale.ROOT);
    if (text.matches("[0-9]{1,6}")) {
      int n = Integer.parseInt(text);
      if (n < 1 || n > revisions.size()) {
        throw new IllegalArgumentException(
            "no revision " + n + " (revisions are 1.." + revisions.size() + ")");
      }
      return revisions.get(n - 1);
    }
    if (!text.matches("[0-9a-f]{7,64}")) {
      throw new IllegalArgumentException(
          UserText.quote(revisionOrHash)
              + " is neither a revision number nor a content hash (or a prefix of 7+ hex"
              + " characters)");
    }
    List<Revision> matches =
        revisions.stream().filter(r -> r.contentHash().startsWith(text)).toList();
    if (matches.isEmpty()) {
      throw new IllegalArgumentException("no revision has content hash " + text);
    }
    // Content that came back to an earlier state has the same hash twice; take the latest.
    if (matches.stream().map(Revision::contentHash).distinct().count() > 1) {
      throw new IllegalArgumentException(
          "content hash prefix " + text + " matches more than one revision; give more characters");
    }
    return matches.get(matches.size() - 1);
  }

  /** The full config of {@code revision}, as the entries topic carried it when it was current. */
  public Map<String, Object> fullConfig(Revision revision) {
    return EntryDocument.full(
        revision.content(),
        revisions.get(0).changedAt().toEpochMilli(),
        revision.revision(),
        revision.changedAt().toEpochMilli(),
        revision.contentHash());
  }
}
