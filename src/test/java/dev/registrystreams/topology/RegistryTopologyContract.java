package dev.registrystreams.topology;

import static dev.registrystreams.topology.RegistryTopologyDriver.START;
import static dev.registrystreams.topology.RegistryTopologyDriver.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.avro.ChangeOp;
import dev.registrystreams.avro.ConfigChange;
import dev.registrystreams.avro.Outcome;
import dev.registrystreams.avro.PathChange;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.core.ContentHash;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryDocument;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.FullConfig;
import dev.registrystreams.core.yaml.YamlCodec;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Every outcome of the topology, on TopologyTestDriver, run once per durable tier of the entries
 * store by a subclass: {@link RegistryTopologyTest} (RocksDB) and {@link RegistryTopologyRedisIT}.
 */
abstract class RegistryTopologyContract {

  private static final Map<String, Object> CONTEXT =
      Map.of("env", "prod", "owner", "platform", "tags", List.of("pci", "quarterly"));

  /** The durable tier the entries store is built on, registered as an extension by a subclass. */
  abstract EntriesTier tier();

  /** The topology over {@link #tier()}. */
  RegistryTopologyDriver driver() {
    return driver(true);
  }

  RegistryTopologyDriver driver(boolean emitUnchanged) {
    return new RegistryTopologyDriver(tier(), emitUnchanged);
  }

  @Test
  void aNewTitleIsCreatedAsRevisionOne() {
    try (RegistryTopologyDriver t = driver()) {
      t.send(request("r1", "Access review for payments", CONTEXT), 0);

      TestRecord<String, RegistryEntry> record = t.entries.readRecord();
      RegistryEntry entry = record.value();
      DedupKey key = DedupKey.of("GOV", "RULES", "Access review for payments");
      String id = EntryId.derive("GOV", "RULES", key);

      assertThat(record.key()).isEqualTo(key.hex());
      assertThat(entry.getRequestId()).isEqualTo("r1");
      assertThat(entry.getOutcome()).isEqualTo(Outcome.CREATED);
      assertThat(entry.getRevision()).isEqualTo(1);
      assertThat(entry.getId()).isEqualTo(id).matches("GOV-RULES-[0-9A-HJKMNP-TV-Z]{10}");
      assertThat(entry.getDedupKey()).isEqualTo(key.hex());
      assertThat(entry.getHeader()).isEqualTo("[GOV][RULES][PROD][" + id + "][v2.9][REQUIRED]");
      assertThat(entry.getGrepable())
          .isEqualTo("[gov-rules-prod-" + id.toLowerCase() + "-v2.9-required]");
      assertThat(entry.getCreatedAt()).isEqualTo(START);
      assertThat(entry.getUpdatedAt()).isEqualTo(START);

      Map<String, Object> config = YamlCodec.load(entry.getConfig());
      assertThat(config.get("title")).isEqualTo("Access review for payments");
      assertThat(config.get("createdAt")).isEqualTo("2026-11-24T08:00:00.000Z");
      assertThat(entry.getContentHash())
          .matches("[0-9a-f]{64}")
          .isEqualTo(ContentHash.of(EntryDocument.contentOf(config)));

      ConfigChange change = t.changes.readRecord().value();
      assertThat(change.getEntryId()).isEqualTo(id);
      assertThat(change.getRequestId()).isEqualTo("r1");
      assertThat(change.getRevisionFrom()).isZero();
      assertThat(change.getRevisionTo()).isEqualTo(1);
      assertThat(change.getHashFrom()).isNull();
      assertThat(change.getHashTo()).isEqualTo(entry.getContentHash());
      assertThat(change.getChanges())
          .allMatch(c -> c.getOp() == ChangeOp.ADD)
          .extracting(PathChange::getPath)
          .contains("title", "context.env", "context.tags[1]", "metadata.id");
      assertThat(t.changes.isEmpty()).isTrue();
      assertThat(t.rejected.isEmpty()).isTrue();
    }
  }

  @Test
  void aRepeatedRequestIsUnchangedAndCarriesItsOwnRequestId() {
    try (RegistryTopologyDriver t = driver()) {
      t.send(request("r1", "Access review for payments", CONTEXT), 0);
      t.send(request("r2", "Access review for payments", CONTEXT), 60);

      List<RegistryEntry> entries = t.entries();
      assertThat(entries).hasSize(2);
      RegistryEntry created = entries.get(0);
      RegistryEntry repeat = entries.get(1);
      assertThat(repeat.getOutcome()).isEqualTo(Outcome.UNCHANGED);
      assertThat(repeat.getRequestId()).isEqualTo("r2");
      assertThat(repeat.getRevision()).isEqualTo(1);
      assertThat(repeat.getContentHash()).isEqualTo(created.getContentHash());
      assertThat(repeat.getConfig()).isEqualTo(created.getConfig());
      assertThat(repeat.getUpdatedAt()).isEqualTo(START);
      assertThat(t.changes()).hasSize(1);
    }
  }

  @Test
  void aChangedContextIsANewRevisionWithItsDiff() {
    try (RegistryTopologyDriver t = driver()) {
      t.send(request("r1", "Access review for payments", CONTEXT), 0);
      t.send(
          request(
              "r2",
              "Access review for payments",
              Map.of("env", "prod", "owner", "security", "tags", List.of("pci"))),
          3600);

      List<RegistryEntry> entries = t.entries();
      RegistryEntry updated = entries.get(1);
      assertThat(updated.getOutcome()).isEqualTo(Outcome.UPDATED);
      assertThat(updated.getRevision()).isEqualTo(2);
      assertThat(updated.getId()).isEqualTo(entries.get(0).getId());
      assertThat(updated.getCreatedAt()).isEqualTo(START);
      assertThat(updated.getUpdatedAt()).isEqualTo(START.plusSeconds(3600));
      assertThat(updated.getContentHash()).isNotEqualTo(entries.get(0).getContentHash());

      List<ConfigChange> changes = t.changes();
      assertThat(changes).hasSize(2);
      ConfigChange change = changes.get(1);
      assertThat(change.getRevisionFrom()).isEqualTo(1);
      assertThat(change.getRevisionTo()).isEqualTo(2);
      assertThat(change.getHashFrom()).isEqualTo(entries.get(0).getContentHash());
      assertThat(change.getHashTo()).isEqualTo(updated.getContentHash());
      assertThat(change.getChanges())
          .containsExactly(
              new PathChange("context.owner", ChangeOp.UPDATE, "\"platform\"", "\"security\""),
              new PathChange("context.tags[1]", ChangeOp.DELETE, "\"quarterly\"", null));
    }
  }

  @Test
  void titlesThatNormaliseAlikeShareAnEntryAndTheTitleIsKeptAsSent() {
    try (RegistryTopologyDriver t = driver()) {
      t.send(request("r1", "Access review for payments", CONTEXT), 0);
      t.send(request("r2", "  Access \t review\nfor   payments ", CONTEXT), 1);

      List<RegistryEntry> entries = t.entries();
      assertThat(entries.get(1).getDedupKey()).isEqualTo(entries.get(0).getDedupKey());
      assertThat(entries.get(1).getOutcome()).isEqualTo(Outcome.UPDATED);
      assertThat(entries.get(1).getTitle()).isEqualTo("  Access \t review\nfor   payments ");
      assertThat(t.changes().get(1).getChanges())
          .extracting(PathChange::getPath)
          .containsExactly("title");
    }
  }

  @Test
  void theVariantFollowsContextEnv() {
    try (RegistryTopologyDriver t = driver()) {
      t.send(request("p", "Prod title", Map.of("env", "prod")), 0);
      t.send(request("d", "Dev title", Map.of("env", "dev")), 0);
      t.send(request("s", "Staging title", Map.of("env", "staging")), 0);
      t.send(request("n", "No env title", Map.of()), 0);

      assertThat(t.entries())
          .extracting(RegistryEntry::getVariant)
          .containsExactly("PROD", "DEV", "BASE", "BASE");
    }
  }

  @Test
  void unchangedAnswersCanBeSuppressed() {
    try (RegistryTopologyDriver t = driver(false)) {
      t.send(request("r1", "Access review for payments", CONTEXT), 0);
      t.send(request("r2", "Access review for payments", CONTEXT), 1);

      assertThat(t.entries()).extracting(RegistryEntry::getRequestId).containsExactly("r1");
    }
  }

  @Test
  void hostileTitlesSurviveTheConfigUnchanged() {
    List<String> titles =
        List.of(
            "multi\nline\ttitle",
            "quote ' and \" and ]] and # comment",
            "--- \n... document markers",
            "key: value, &anchor *alias !!python/object {}",
            "emoji 🚀👩‍💻 and ünïcödé");
    try (RegistryTopologyDriver t = driver()) {
      for (int i = 0; i < titles.size(); i++) {
        t.send(request("r" + i, titles.get(i), Map.of("env", "dev")), i);
      }
      List<RegistryEntry> entries = t.entries();
      assertThat(entries).hasSize(titles.size());
      for (int i = 0; i < titles.size(); i++) {
        RegistryEntry entry = entries.get(i);
        Map<String, Object> config = YamlCodec.load(entry.getConfig());
        assertThat(entry.getTitle()).isEqualTo(titles.get(i));
        assertThat(config.get("title")).isEqualTo(titles.get(i));
        assertThat(config.get("scope")).isEqualTo("GOV");
        assertThat(config.get("header")).isEqualTo(entry.getHeader());
        assertThat(config).containsOnlyKeys(FullConfig.KEYS);
      }
    }
  }

  @Test
  void secretsAreMaskedInEntriesAndChanges() {
    try (RegistryTopologyDriver t = driver()) {
      t.send(
          request("r1", "Database runbook", Map.of("db_password", "hunter2", "host", "db-1")), 0);
      t.send(
          request(
              "r2",
              "Database runbook",
              Map.of("db_password", "correct-horse", "host", "db-2", "apiKey", "AKIA123")),
          1);

      List<RegistryEntry> entries = t.entries();
      List<ConfigChange> changes = t.changes();
      String everything = entries.toString() + changes;
      assertThat(everything).doesNotContain("hunter2", "correct-horse", "AKIA123");
      assertThat(entries.get(0).getConfig()).contains("db_password: '******'");
      assertThat(changes.get(1).getChanges())
          .containsExactly(
              new PathChange("context.apiKey", ChangeOp.ADD, null, "\"******\""),
              new PathChange("context.host", ChangeOp.UPDATE, "\"db-1\"", "\"db-2\""));
    }
  }
}
