package dev.registrystreams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.RandomAccessFile;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The layering of the packages, as ARCHITECTURE.md draws it: {@code core} at the bottom (the pure
 * domain), {@code store} and {@code topology} above it, {@code app} and {@code client} above those,
 * {@code http} above {@code app}, and {@code cli} on top. Only main code is checked for layering:
 * tests may reach into any package. Test code has one rule of its own: it waits with Awaitility and
 * pauses only through {@link Pause} ({@link #testCodeSleepsOnlyThroughPause}).
 *
 * <p>Where today's code breaks a rule for a reason another part of issue 16 removes (a helper that
 * belongs in {@code cli} but still sits in {@code core}), the rule names the classes in a
 * documented exception list rather than being weakened for every class. Remove a name from its list
 * once the class has moved.
 */
@AnalyzeClasses(
    packages = "dev.registrystreams",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String ROOT = "dev.registrystreams";
  private static final String CORE = ROOT + ".core..";
  private static final String TOPOLOGY = ROOT + ".topology..";
  private static final String HTTP = ROOT + ".http..";
  private static final String APP = ROOT + ".app..";
  private static final String CLI = ROOT + ".cli..";
  private static final String EMBEDDED = ROOT + ".embedded..";

  /**
   * Classes in {@code core} that read files today. {@code UserFiles} is the CLI's helper for
   * reading a file a user named (its messages are the CLI's); {@code RegistrySchema.load(Path)}
   * reads a {@code registry.yaml} through it. Issue 16 moves these file checks to the CLI, and
   * {@code RegistrySchema} keeps only {@code parse(text)}. Matched by simple name, so the exception
   * still holds while {@code core} is split into sub-packages.
   */
  private static final Set<String> CORE_FILE_READERS_TO_MOVE =
      Set.of("UserFiles", "RegistrySchema");

  @ArchTest
  static final ArchRule coreUsesNoKafkaAndNoRedis =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.kafka..", "io.lettuce..")
          .because(
              "core is the pure domain (validation, dedup key, ids, resolution, diff, masking):"
                  + " resolution must stay a pure function of request, prior entry and"
                  + " configuration, testable and reusable without a broker or a Redis");

  @ArchTest
  static final ArchRule coreIsTheBottomLayer =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .should()
          .dependOnClassesThat(
              JavaClass.Predicates.resideInAPackage(ROOT + "..")
                  .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage(CORE)))
                  .as("other packages of the application"))
          .because(
              "every other package builds on core; core depending on one of them would make the"
                  + " domain carry Kafka, stores or commands with it");

  @ArchTest
  static final ArchRule coreDoesNoIo =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .and(notAmong(CORE_FILE_READERS_TO_MOVE))
          .should()
          .dependOnClassesThat(fileOrNetworkIo())
          .orShould()
          .callMethod(System.class, "getenv")
          .orShould()
          .callMethod(System.class, "getenv", String.class)
          .orShould()
          .accessField(System.class, "out")
          .orShould()
          .accessField(System.class, "err")
          .orShould()
          .accessField(System.class, "in")
          .because(
              "core computes on values it is given: files, the network, the environment and the"
                  + " console are the callers' (cli, app), so the domain gives the same answer"
                  + " wherever it runs and its tests need no files (in-memory readers and streams"
                  + " over strings are not I/O and are allowed)");

  @ArchTest
  static final ArchRule noCyclesBetweenPackages =
      slices()
          .matching(ROOT + ".(*)..")
          .should()
          .beFreeOfCycles()
          .because(
              "a cycle makes two packages one: neither can be understood, tested or changed on"
                  + " its own, and the layering above stops meaning anything");

  @ArchTest
  static final ArchRule cliIsUsedByNothing =
      noClasses()
          .that()
          .resideOutsideOfPackage(CLI)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(CLI)
          .because(
              "cli is the top layer: it parses options, calls app or client and prints; anything"
                  + " below that needs a piece of it is handed the value, not the command");

  @ArchTest
  static final ArchRule httpIsUsedOnlyByCliAndApp =
      noClasses()
          .that()
          .resideOutsideOfPackages(HTTP, CLI, APP)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(HTTP)
          .because(
              "the HTTP server is one way to reach a running application, started by run; the"
                  + " topology, stores and client must work without it (app may start it, and the"
                  + " cycle rule keeps app and http from using each other)");

  @ArchTest
  static final ArchRule topologyUsesNoMicrometer =
      noClasses()
          .that()
          .resideInAPackage(TOPOLOGY)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.micrometer..")
          .because(
              "the topology reports through Kafka Streams' own metrics (sensors), which"
                  + " TopologyTestDriver shows and every Kafka metrics reporter exports; Micrometer"
                  + " is the HTTP side's view of those metrics");

  @ArchTest
  static final ArchRule embeddedBrokerIsUsedOnlyByCli =
      noClasses()
          .that()
          .resideOutsideOfPackages(EMBEDDED, CLI)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(EMBEDDED)
          .because(
              "the in-process KRaft broker is a convenience of run --embedded and demo (and of"
                  + " tests): the application itself must only ever need a real cluster's"
                  + " bootstrap servers");

  /**
   * A sleep in a test that waits for something to happen is either too short on a slow machine
   * (flaky) or too long everywhere else (slow); Awaitility waits for the thing itself. The pauses
   * that are what a test is about (pacing a load, holding a fault) go through {@link Pause}, which
   * says why time must pass. {@code @AnalyzeClasses} above imports main code only, so the test
   * classes are imported here.
   */
  @Test
  void testCodeSleepsOnlyThroughPause() {
    // Only the calls' targets matter, by name: resolving every class the tests use from the
    // classpath would take most of the test's time.
    JavaClasses tests =
        ArchConfiguration.withThreadLocalScope(
            configuration -> {
              configuration.setResolveMissingDependenciesFromClassPath(false);
              return new ClassFileImporter()
                  .withImportOption(new ImportOption.OnlyIncludeTests())
                  .importPackages(ROOT);
            });
    // The import found the test classes: an empty import would pass any rule.
    assertThat(tests.contain(ArchitectureTest.class)).isTrue();
    assertThat(tests.contain(Pause.class)).isTrue();

    noSleepingCalls(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(Pause.class)))
        .check(tests);
  }

  /** The rule sees a sleep when there is one: Pause's own, once Pause is not exempt. */
  @Test
  void theSleepRuleSeesASleep() {
    JavaClasses pause = new ClassFileImporter().importClasses(Pause.class);
    assertThat(noSleepingCalls(DescribedPredicate.alwaysTrue()).evaluate(pause).hasViolation())
        .isTrue();
  }

  /** No class among {@code checked} sleeps: Thread.sleep, TimeUnit.sleep or LockSupport.park*. */
  private static ArchRule noSleepingCalls(DescribedPredicate<JavaClass> checked) {
    return noClasses()
        .that(checked)
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "it sleeps or parks the thread",
                (JavaMethodCall call) -> {
                  JavaClass owner = call.getTargetOwner();
                  String name = call.getName();
                  return (owner.isEquivalentTo(Thread.class) && name.equals("sleep"))
                      || (owner.isEquivalentTo(TimeUnit.class) && name.equals("sleep"))
                      || (owner.isEquivalentTo(LockSupport.class) && name.startsWith("park"));
                }))
        .because(
            "a test waits for what it expects with Awaitility, and lets time pass on purpose"
                + " only through Pause, which says why");
  }

  /** Files, sockets and processes: what core must leave to its callers. */
  private static DescribedPredicate<JavaClass> fileOrNetworkIo() {
    return JavaClass.Predicates.resideInAnyPackage(
            "java.nio.file..", "java.net..", "java.nio.channels..")
        .or(
            JavaClass.Predicates.belongToAnyOf(
                File.class,
                FileInputStream.class,
                FileOutputStream.class,
                FileReader.class,
                FileWriter.class,
                RandomAccessFile.class,
                ProcessBuilder.class,
                Process.class))
        .as("are files, sockets or processes");
  }

  /** Classes (and their nested classes) whose top-level simple name is not in {@code names}. */
  private static DescribedPredicate<JavaClass> notAmong(Set<String> names) {
    return DescribedPredicate.describe(
        "are not among " + names,
        javaClass -> {
          String name = javaClass.getName();
          String topLevel = name.substring(name.lastIndexOf('.') + 1).split("\\$", 2)[0];
          return !names.contains(topLevel);
        });
  }
}
