package dev.registrystreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.registrystreams.app.AppConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --store and --redis-url: parsing, validation, and no password in any message. */
class StoreOptionsTest {

  private static final String NL = System.lineSeparator();

  @Test
  void rocksDbIsTheDefault() {
    AppConfig config = parse();
    assertThat(config.entryStore()).isEqualTo(AppConfig.EntryStore.rocksDb());
  }

  @Test
  void redisTakesItsUrlAndCertificate() {
    AppConfig config = parse("--store", "redis", "--redis-url", "rediss://u:secret@cache:6380/1");
    assertThat(config.entryStore().kind()).isEqualTo(AppConfig.EntryStore.Kind.redis);
    assertThat(config.entryStore().redis().url()).isEqualTo("rediss://u:secret@cache:6380/1");
    assertThat(config.entryStore().describe()).isEqualTo("redis (rediss://u:******@cache:6380/1)");
  }

  @Test
  void redisWithoutAUrlOrWithABadOneIsAUsageErrorThatHidesThePassword() {
    String[] missing = {"run", "--bootstrap-servers", "x:9092", "--store", "redis"};
    Result noUrl = run(missing);
    assertThat(noUrl.exit()).isEqualTo(RegistryStreamsCli.USAGE);
    assertThat(noUrl.err())
        .isEqualTo("error: --store redis needs --redis-url (or REGISTRY_STREAMS_REDIS_URL)" + NL);

    Result bad =
        run(
            "run",
            "--bootstrap-servers",
            "x:9092",
            "--store",
            "redis",
            "--redis-url",
            "http://u:secret@cache:6379");
    assertThat(bad.exit()).isEqualTo(RegistryStreamsCli.USAGE);
    assertThat(bad.err().lines()).hasSize(1);
    assertThat(bad.err())
        .startsWith("error: --redis-url: ")
        .contains("u:******@cache")
        .doesNotContain("secret");

    Result unknown = run("run", "--bootstrap-servers", "x:9092", "--store", "memcached");
    assertThat(unknown.exit()).isEqualTo(RegistryStreamsCli.USAGE);
  }

  @Test
  void everyCommandWithTheStoreOptionsRefusesRedisWithoutAUrlAsAUsageError() {
    for (String[] full :
        new String[][] {
          {"demo", "--store", "redis"},
          {"reset", "--bootstrap-servers", "x:9092", "--store", "redis"},
          {
            "generate",
            "--bootstrap-servers",
            "x:9092",
            "--store",
            "redis",
            "--title",
            "t",
            "--scope",
            "GOV",
            "--type",
            "RULES"
          }
        }) {
      Result result = run(full);
      assertThat(result.exit()).as(String.join(" ", full)).isEqualTo(RegistryStreamsCli.USAGE);
      assertThat(result.err())
          .as(String.join(" ", full))
          .isEqualTo("error: --store redis needs --redis-url (or REGISTRY_STREAMS_REDIS_URL)" + NL);
    }
  }

  @Test
  void helpNamesTheOptionsAndTheirEnvironmentVariables() {
    Result help = run("run", "--help");
    assertThat(help.out())
        .contains("--store")
        .contains("REGISTRY_STREAMS_STORE")
        .contains("--redis-url")
        .contains("REGISTRY_STREAMS_REDIS_URL");
  }

  private static AppConfig parse(String... args) {
    StreamsOptions options = new StreamsOptions();
    new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return options.appConfig(
        "x:9092", "app", dev.registrystreams.topology.TopicNames.defaults(), Map.of());
  }

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        RegistryStreamsCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }
}
