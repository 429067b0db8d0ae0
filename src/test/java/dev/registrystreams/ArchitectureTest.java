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
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * The layering of the packages, as each {@code package-info.java} states it: {@code core} at the
 * bottom (the pure domain, over {@code core.diff}, {@code core.yaml} and {@code core.text}), {@code
 * store} and {@code topology} above it, {@code app} and {@code client} above those, {@code load}
 * (load generation for {@code bench} and {@code batch}) above {@code client}, {@code http} above
 * {@code app} and {@code client}, and {@code cli} (with {@code cli.files}) on top. Only main code
 * is checked for layering: tests may reach into any package. Test code has one rule of its own: it
 * waits with Awaitility and pauses only through {@link Pause} ({@link
 * #testCodeSleepsOnlyThroughPause}).
 *
 * <p>No rule has an exception list: the file readers that used to sit in {@code core} ({@code
 * UserFiles}, and {@code RegistrySchema.load(Path)} through it) moved to {@code cli.files} and
 * {@code cli}. {@code RegistrySchema} still reads its bundled defaults with {@code
 * getResourceAsStream}, a classpath resource, which the I/O rule allows.
 */
@AnalyzeClasses(
    packages = "dev.registrystreams",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String ROOT = "dev.registrystreams";
  private static final String CORE = ROOT + ".core..";
  private static final String CORE_DOMAIN = ROOT + ".core";
  private static final String CORE_YAML = ROOT + ".core.yaml..";
  private static final String CORE_DIFF = ROOT + ".core.diff..";
  private static final String CORE_TEXT = ROOT + ".core.text..";
  private static final String TOPOLOGY = ROOT + ".topology..";
  private static final String HTTP = ROOT + ".http..";
  private static final String APP = ROOT + ".app..";
  private static final String CLI = ROOT + ".cli..";
  private static final String EMBEDDED = ROOT + ".embedded..";
  private static final String LOAD = ROOT + ".load..";

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
  static final ArchRule coreHelpersDoNotUseTheDomain =
      noClasses()
          .that()
          .resideInAnyPackage(CORE_YAML, CORE_DIFF, CORE_TEXT)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(CORE_DOMAIN)
          .because(
              "YAML, the config diff and user text are the domain's tools: they work on plain"
                  + " data and strings, and the domain (entries, resolution, the schema) builds on"
                  + " them, not the other way round");

  @ArchTest
  static final ArchRule yamlKnowsNoDiff =
      noClasses()
          .that()
          .resideInAPackage(CORE_YAML)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(CORE_DIFF)
          .because("the diff renders and parses values through YAML; YAML is only a codec");

  @ArchTest
  static final ArchRule noCyclesBetweenPackages =
      slices()
          .matching(ROOT + ".(**)")
          .should()
          .beFreeOfCycles()
          .because(
              "a cycle makes two packages one: neither can be understood, tested or changed on"
                  + " its own, and the layering above stops meaning anything (every package is"
                  + " its own slice, so this holds between core and its sub-packages too)");

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
  static final ArchRule loadIsUsedOnlyByCli =
      noClasses()
          .that()
          .resideOutsideOfPackages(LOAD, CLI)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(LOAD)
          .because(
              "generated workloads, paced sending, latency collection and the comparison"
                  + " topologies serve bench and batch: the application (app, topology, store,"
                  + " http) and the client library must not carry them");

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
  /**
   * NullAway checks only the packages marked {@code @NullMarked}: a new package without the mark
   * would pass the build unchecked. The Avro classes (avro, avro.internal) are generated, and not
   * checked.
   */
  @Test
  void everyMainPackageIsCheckedForNulls() {
    JavaClasses main =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages(ROOT);
    Set<String> packages =
        main.stream()
            .map(JavaClass::getPackageName)
            .filter(name -> !name.equals(ROOT + ".avro") && !name.startsWith(ROOT + ".avro."))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(packages).contains(ROOT + ".core", ROOT + ".http", ROOT + ".cli.files");
    assertThat(packages)
        .allSatisfy(
            name ->
                assertThat(main.getPackage(name).isAnnotatedWith(NullMarked.class))
                    .as(name + " is @NullMarked in its package-info.java")
                    .isTrue());
  }

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
}
