package dev.registrystreams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.registrystreams.app.RunTopics;
import dev.registrystreams.avro.ContextValue;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.client.AnswerCollector;
import dev.registrystreams.client.RequestSender;
import dev.registrystreams.embedded.SharedKafkaBroker;
import dev.registrystreams.topology.AvroSerde;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard page in a real headless Chromium: it connects to the change feed and shows new
 * changes, counts and the registry's size without a reload, holds changes while paused, looks an
 * entry up, and shows secrets only masked. A screenshot is left in {@code target/}.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class DashboardPageIT {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final Duration SHOWN = Duration.ofSeconds(60);
  private static final String SECRET = "hunter2-never-shown";

  @TempDir static Path dir;
  private static RunningInstance instance;
  private static Chromium browser;

  @BeforeAll
  static void start() {
    instance =
        RunningInstance.start(
            SharedKafkaBroker.uniqueTopic("page"), dir.resolve("state"), "--http-allow-writes");
    browser = new Chromium();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (instance != null) {
        instance.close();
      }
    }
  }

  @Test
  void thePageShowsChangesAsTheyHappen() throws Exception {
    ChromeDriver page = browser.driver();
    page.get(instance.baseUrl().toString());
    awaitText(page, "#feed-status", "connected");
    assertThat(page.findElements(By.cssSelector("li.change"))).isEmpty();

    List<GenerationRequest> created =
        IntStream.range(0, 5)
            .mapToObj(i -> request("page-" + i, "Dashboard title " + i, Map.of("env", "prod")))
            .toList();
    Map<String, String> idsByRequest = send(created);

    await("five changes on the page")
        .atMost(SHOWN)
        .until(() -> shownEntryIds(page), ids -> ids.size() == 5);
    assertThat(shownEntryIds(page)).containsExactlyInAnyOrderElementsOf(idsByRequest.values());
    awaitText(page, "#answers tr[data-name=CREATED] td.n", "5");
    awaitText(page, "#registry-total", "(5 entries)");
    assertThat(page.findElement(By.cssSelector("#scopes tr[data-name=GOV] td.n")).getText())
        .isEqualTo("5");

    // An update shows its revisions and every changed path, with the secret masked.
    String updatedId = idsByRequest.get("page-0");
    send(
        List.of(
            request(
                "page-0-update",
                "Dashboard title 0",
                Map.of("env", "prod", "owner", "team-a", "password", SECRET))));
    WebElement update =
        await("the update on the page")
            .atMost(SHOWN)
            .until(
                () ->
                    page.findElements(
                        By.cssSelector(
                            "li.change[data-entry-id='" + updatedId + "'][data-revision='2']")),
                rows -> rows.size() == 1)
            .get(0);
    assertThat(update.findElement(By.cssSelector(".revision")).getText())
        .isEqualTo("revision 1 \u2192 2");
    List<String> paths =
        update.findElements(By.cssSelector("td.path")).stream().map(WebElement::getText).toList();
    assertThat(paths).contains("context.owner", "context.password");
    assertThat(page.getPageSource()).doesNotContain(SECRET);

    // Paused: a change is held, not shown; resumed: it is shown.
    page.findElement(By.id("pause")).click();
    awaitText(page, "#feed-status", "paused");
    send(List.of(request("page-held", "Dashboard title held", Map.of())));
    awaitText(page, "#pending", "(1 held while paused)");
    assertThat(shownEntryIds(page)).hasSize(6);
    page.findElement(By.id("pause")).click();
    await("the held change shown").atMost(SHOWN).until(() -> shownEntryIds(page).size() == 7);

    // The search box looks an entry up.
    page.findElement(By.id("search")).sendKeys(updatedId);
    page.findElement(By.cssSelector("#search-form button")).click();
    awaitText(page, "#entry-title", updatedId);
    assertThat(page.findElement(By.id("entry-config")).getText())
        .contains("title: Dashboard title 0")
        .doesNotContain(SECRET);

    browser.screenshot(Path.of("target", "dashboard.png"));
  }

  // Last: the entries it makes would change the counts the first test asserts.
  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void theFormSendsARequestAndShowsItsAnswer() {
    ChromeDriver page = browser.driver();
    page.get(instance.baseUrl().toString());
    page.findElement(By.id("gen-title")).sendKeys("Sent from the page");
    WebElement context = page.findElement(By.id("gen-context"));
    context.clear();
    context.sendKeys("{\"env\": \"prod\", \"password\": \"" + SECRET + "\"}");
    page.findElement(By.cssSelector("#generate-form button")).click();
    awaitText(page, "#gen-status", "CREATED, revision 1 (kafka)");
    assertThat(page.findElement(By.id("gen-answer")).getText())
        .contains("[GOV][RULES][PROD][GOV-RULES-");
    assertThat(page.findElement(By.id("gen-config")).getText())
        .contains("title: Sent from the page")
        .doesNotContain(SECRET);
    // The same again: answered from the instance's store.
    page.findElement(By.cssSelector("#generate-form button")).click();
    awaitText(page, "#gen-status", "UNCHANGED, revision 1 (cache)");
    // A scope the registry does not know: the dead letter's reason.
    WebElement scope = page.findElement(By.id("gen-scope"));
    scope.clear();
    scope.sendKeys("NOPE");
    page.findElement(By.cssSelector("#generate-form button")).click();
    awaitText(page, "#gen-status", "REJECTED: UNKNOWN_SCOPE");
  }

  @Test
  void thePageItselfLoadsNothingFromElsewhere() {
    HttpResponse<String> index = HttpCalls.get(instance.url("/"));
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(index.headers().firstValue("Content-Security-Policy"))
        .hasValue(DashboardEndpoints.CONTENT_SECURITY_POLICY);
    assertThat(index.body()).doesNotContain("http://", "https://");
    assertThat(HttpCalls.get(instance.url("/dashboard/dashboard.js")).body())
        .doesNotContain("innerHTML", "http://", "https://");
    assertThat(HttpCalls.get(instance.url("/dashboard/nope.js")).statusCode()).isEqualTo(404);
  }

  private static Map<String, String> send(List<GenerationRequest> requests) {
    var client = RunTopics.sharedBrokerClient();
    try (RequestSender sender = new RequestSender(client, instance.topics().requests());
        AnswerCollector answers = new AnswerCollector(client, instance.topics())) {
      for (GenerationRequest request : requests) {
        sender.send(null, REQUESTS.encode(request));
      }
      Set<String> ids =
          requests.stream().map(GenerationRequest::getRequestId).collect(Collectors.toSet());
      return answers.collect(ids, 0, SHOWN).entries().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getId()));
    }
  }

  private static GenerationRequest request(String id, String title, Map<String, String> context) {
    Map<String, ContextValue> values =
        context.entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    e -> ContextValue.newBuilder().setValue(e.getValue()).build()));
    return GenerationRequest.newBuilder()
        .setRequestId(id)
        .setTitle(title)
        .setScope("GOV")
        .setType("RULES")
        .setContext(values)
        .build();
  }

  private static List<String> shownEntryIds(ChromeDriver page) {
    return page.findElements(By.cssSelector("li.change[data-entry-id]")).stream()
        .map(row -> row.getAttribute("data-entry-id"))
        .toList();
  }

  private static void awaitText(ChromeDriver page, String selector, String text) {
    Supplier<String> shown =
        () -> {
          List<WebElement> found = page.findElements(By.cssSelector(selector));
          return found.isEmpty() ? null : found.get(0).getText();
        };
    await(selector + " showing " + text).atMost(SHOWN).until(shown::get, text::equals);
  }
}
