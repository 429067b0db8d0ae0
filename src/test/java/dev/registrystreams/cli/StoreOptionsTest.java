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
  void redisWithoutAUrlOrWithABadOneIsAUserErrorThatHidesThePassword() {
    String[] missing = {"run", "--bootstrap-servers", "x:9092", "--store", "redis"};
    Result noUrl = run(missing);
    assertThat(noUrl.exit()).isEqualTo(1);
    assertThat(noUrl.err()).contains("--store redis needs --redis-url");

    Result bad =
        run(
            "run",
            "--bootstrap-servers",
            "x:9092",
            "--store",
            "redis",
            "--redis-url",
            "http://u:secret@cache:6379");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err())
        .contains("--redis-url")
        .contains("u:******@cache")
        .doesNotContain("secret");

    Result unknown = run("run", "--bootstrap-servers", "x:9092", "--store", "memcached");
    assertThat(unknown.exit()).isEqualTo(2);
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
