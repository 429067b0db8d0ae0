package dev.registrystreams.cli;

import dev.registrystreams.app.AppConfig;
import dev.registrystreams.app.ApplicationReset;
import dev.registrystreams.app.ApplicationReset.PartitionReset;
import dev.registrystreams.app.ApplicationReset.Plan;
import dev.registrystreams.app.RedisReset;
import dev.registrystreams.store.RedisTier;
import dev.registrystreams.store.RedisUnavailableException;
import dev.registrystreams.topology.TopicNames;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reset}: the application starts over, the way Kafka's application-reset tool does it. */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description = {
      "Resets the application so that its next start processes the requests topic from the"
          + " beginning, as Kafka's kafka-streams-application-reset tool does, plus the local"
          + " state: sets the consumer group's (= --application-id) offsets of the requests topic"
          + " to the earliest offsets, deletes the internal topics"
          + " (<application-id>-...-repartition and -changelog) and deletes the local state"
          + " directory <state-dir>/<application-id>.",
      "Output topics (entries, config-changes, rejected) are left as they are, as Kafka's tool"
          + " leaves them: reprocessing writes every answer, change event and dead letter again,"
          + " byte for byte the same, because resolution is deterministic; on the compacted"
          + " entries topic they replace themselves, readers of the other two see them twice.",
      "With --store redis (and the application's --redis-url) it also deletes every key of the"
          + " application in Redis, <application-id>:* (entries, dedup keys, task bookkeeping,"
          + " settings), so that the next start rebuilds the store; other applications' keys stay.",
      "Every instance of the application must be stopped: while the consumer group has members"
          + " it refuses (exit 1). Run it with --dry-run first to see what it would do.",
      "With --output json or yaml it prints one document when it is done: applicationId, dryRun,"
          + " membersRemoved (with --force: how many, or would be; else null), offsets (topic,"
          + " partition, committed (null when none), earliest), missingInputTopics,"
          + " internalTopics, localState (null when none), outputTopics (left as they are) and"
          + " redis (null without --store redis; else url, pattern, keys (deleted, or that would"
          + " be), and entries, dedupKeys, tasks, settings, other: the keys by kind)."
    })
final class ResetCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;
  @Mixin RedisOptions redis;
  @Mixin OutputOptions output;

  @Option(names = "--dry-run", description = "Print what would be done; change nothing.")
  boolean dryRun;

  @Option(
      names = "--force",
      description =
          "First remove the consumer group's remaining members, left by instances that crashed or"
              + " use static membership (group.instance.id), which stay until their session times"
              + " out. Only when every instance is really stopped.")
  boolean force;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = "${env:REGISTRY_STREAMS_STATE_DIR:-${sys:java.io.tmpdir}/registry-streams}",
      description =
          "The state.dir the application runs with (on this machine; run reset on every machine"
              + " that ran an instance, or delete the directory there). Default: ${DEFAULT-VALUE}."
              + " Env: REGISTRY_STREAMS_STATE_DIR.")
  Path stateDir;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "How long to wait for each answer from Kafka (60s, 2m; plain seconds too). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Override
  public Integer call() {
    ClientConnection connection = ClientConnection.of(kafka, spec);
    String id = kafka.applicationId();
    TopicNames topics = connection.topics();
    PrintWriter out = spec.commandLine().getOut();
    Printer printer = output.printer(out);
    RedisTier redisTier = redis.redis() ? connectRedis(id) : null;
    try (RedisTier closeRedis = redisTier;
        Admin admin = Admin.create(connection.properties())) {
      reset(new ApplicationReset(admin, timeout), id, topics, redisTier, printer, out);
      return 0;
    } catch (ApplicationReset.ActiveGroupException e) {
      throw new UserException(e.getMessage());
    } catch (IllegalStateException
        | KafkaException
        | UncheckedIOException
        | RedisUnavailableException e) {
      throw new UserException("cannot reset " + id + ": " + e.getMessage());
    }
  }

  private RedisTier connectRedis(String id) {
    AppConfig.EntryStore store = redis.entryStore();
    try {
      return RedisTier.connect(store.redisSettings());
    } catch (RedisUnavailableException e) {
      throw new UserException("cannot reset " + id + ": " + e.getMessage());
    }
  }

  private void reset(
      ApplicationReset reset,
      String id,
      TopicNames topics,
      @Nullable RedisTier redisTier,
      Printer printer,
      PrintWriter out) {
    // A table tells people the plan before carrying it out; a document comes at the end, whole.
    boolean table = printer.format() == OutputOptions.Format.table;
    Long membersRemoved = null;
    if (force) {
      membersRemoved = removeMembers(reset, id, table, out);
    }
    // A dry run of --force shows the plan as if the members were gone.
    Plan plan = reset.plan(id, List.of(topics.requests()), stateDir, !(force && dryRun));
    RedisReset redisReset = redisTier == null ? null : new RedisReset(redisTier, id);
    RedisReset.Plan redisPlan = redisReset == null ? null : redisReset.plan();
    if (table) {
      print(out, plan, topics, dryRun);
      if (redisPlan != null) {
        print(out, redisPlan, dryRun);
      }
      out.flush();
    }
    Long redisKeys = carryOut(reset, plan, redisReset, redisPlan);
    printer.print(
        document(plan, topics, dryRun, membersRemoved, redisPlan, redisKeys),
        o -> o.println(doneMessage(id, topics)));
  }

  /**
   * Removes the consumer group's members (on a dry run, counts them).
   *
   * @return how many
   */
  private long removeMembers(ApplicationReset reset, String id, boolean table, PrintWriter out) {
    int members = dryRun ? reset.members(id).size() : reset.removeMembers(id);
    if (table && members > 0) {
      out.printf(
          "%s %d members of consumer group %s%n", dryRun ? "Would remove" : "Removed", members, id);
    }
    return members;
  }

  /**
   * Carries out the plans, unless on a dry run.
   *
   * @return the Redis keys deleted, or on a dry run those that would be; null without Redis
   */
  private @Nullable Long carryOut(
      ApplicationReset reset,
      Plan plan,
      @Nullable RedisReset redisReset,
      RedisReset.@Nullable Plan redisPlan) {
    Long redisKeys = redisPlan == null ? null : redisPlan.keys();
    if (!dryRun) {
      reset.execute(plan);
      if (redisReset != null) {
        redisKeys = redisReset.execute();
      }
    }
    return redisKeys;
  }

  private String doneMessage(String id, TopicNames topics) {
    return dryRun
        ? "Dry run: nothing was changed."
        : "Application "
            + id
            + " is reset: its next start processes "
            + topics.requests()
            + " from the beginning.";
  }

  private static Map<String, Object> document(
      Plan plan,
      TopicNames topics,
      boolean dryRun,
      @Nullable Long membersRemoved,
      RedisReset.@Nullable Plan redisPlan,
      @Nullable Long redisKeys) {
    List<Object> offsets = new ArrayList<>();
    for (PartitionReset r : plan.offsets()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("topic", r.partition().topic());
      item.put("partition", (long) r.partition().partition());
      item.put("committed", r.committed());
      item.put("earliest", r.earliest());
      offsets.add(item);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("applicationId", plan.applicationId());
    doc.put("dryRun", dryRun);
    doc.put("membersRemoved", membersRemoved);
    doc.put("offsets", offsets);
    doc.put("missingInputTopics", List.copyOf(plan.missingInputTopics()));
    doc.put("internalTopics", List.copyOf(plan.internalTopics()));
    doc.put("localState", plan.localState() == null ? null : plan.localState().toString());
    doc.put("outputTopics", List.of(topics.entries(), topics.configChanges(), topics.rejected()));
    Map<String, Object> redisDoc = null;
    if (redisPlan != null) {
      redisDoc = new LinkedHashMap<>();
      redisDoc.put("url", redisPlan.url());
      redisDoc.put("pattern", redisPlan.pattern());
      redisDoc.put("keys", redisKeys);
      for (String kind : REDIS_KINDS) {
        redisDoc.put(kind, redisPlan.byKind().get(kind));
      }
    }
    doc.put("redis", redisDoc);
    return doc;
  }

  private static final List<String> REDIS_KINDS =
      List.of("entries", "dedupKeys", "tasks", "settings", "other");

  private static void print(PrintWriter out, RedisReset.Plan plan, boolean dryRun) {
    if (plan.keys() == 0) {
      out.printf("No Redis keys to delete (%s at %s)%n", plan.pattern(), plan.url());
      return;
    }
    List<String> kinds = new ArrayList<>();
    for (String kind : REDIS_KINDS) {
      // The plan counts every kind, 0 when there are none.
      long n = plan.byKind().getOrDefault(kind, 0L);
      if (n > 0) {
        kinds.add(String.format(Locale.ROOT, "%,d %s", n, REDIS_WORDS.get(kind)));
      }
    }
    out.printf(
        Locale.ROOT,
        "%s %,d Redis keys %s at %s: %s%n",
        dryRun ? "Would delete" : "Deleting",
        plan.keys(),
        plan.pattern(),
        plan.url(),
        String.join(", ", kinds));
  }

  private static final Map<String, String> REDIS_WORDS =
      Map.of(
          "entries", "entries",
          "dedupKeys", "dedup keys",
          "tasks", "task bookkeeping keys",
          "settings", "settings",
          "other", "other keys");

  private static void print(PrintWriter out, Plan plan, TopicNames topics, boolean dryRun) {
    String group = plan.applicationId();
    if (plan.offsets().isEmpty()) {
      out.printf("No input partitions to reset for consumer group %s%n", group);
    } else {
      out.printf(
          "%s offsets of consumer group %s to the earliest:%n",
          dryRun ? "Would reset" : "Resetting", group);
      for (PartitionReset r : plan.offsets()) {
        out.printf(
            Locale.ROOT,
            "  %s-%d: %s -> %d%n",
            r.partition().topic(),
            r.partition().partition(),
            r.committed() == null ? "no committed offset" : r.committed().toString(),
            r.earliest());
      }
    }
    for (String missing : plan.missingInputTopics()) {
      out.printf("Input topic %s does not exist: skipped%n", missing);
    }
    if (plan.internalTopics().isEmpty()) {
      out.println("No internal topics to delete");
    } else {
      out.printf("%s internal topics:%n", dryRun ? "Would delete" : "Deleting");
      plan.internalTopics().forEach(t -> out.println("  " + t));
    }
    if (plan.localState() == null) {
      out.println("No local state to delete");
    } else {
      out.printf("%s local state %s%n", dryRun ? "Would delete" : "Deleting", plan.localState());
    }
    out.printf(
        "Leaving output topics as they are: %s, %s, %s%n",
        topics.entries(), topics.configChanges(), topics.rejected());
  }
}
