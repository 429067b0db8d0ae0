package dev.registrystreams.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The chart in helm/registry-streams, rendered and linted through helm-java (Helm as a native
 * library: no cluster, no helm binary), and its rendered objects as plain maps.
 */
final class HelmChart {

  static final Path DIR = Paths.get("helm", "registry-streams").toAbsolutePath();
  static final Path CI = DIR.resolve("ci");
  static final String DASHBOARD = "dashboards/registry-streams.json";
  static final String RELEASE = "rs";
  static final String NAMESPACE = "registry";

  /**
   * A dashboard for charts whose dashboard file has not landed yet: the tests render a copy of the
   * chart with it, never the chart itself.
   */
  static final String PLACEHOLDER_DASHBOARD = "{\"title\": \"registry-streams\", \"panels\": []}";

  private HelmChart() {}

  /** The values files of ci/, each a case the tests lint and render. */
  static List<Path> ciValues() {
    try (Stream<Path> files = Files.list(CI)) {
      return files.filter(f -> f.toString().endsWith("-values.yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path ci(String name) {
    return CI.resolve(name + "-values.yaml");
  }

  /**
   * A copy of the chart, with the dashboard placeholder when the chart has no dashboard yet, and
   * with {@code values} merged over its values.yaml as Helm merges a -f file: helm-java's lint
   * takes no values file, and a chart with a required value needs one to be linted for real.
   */
  static Path copy(Path tempDir, Path values) {
    try (Stream<Path> files = Files.walk(DIR)) {
      Path copy = Files.createTempDirectory(tempDir, "chart").resolve("registry-streams");
      for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = copy.resolve(DIR.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
      Path dashboard = copy.resolve(DASHBOARD);
      if (!Files.exists(dashboard)) {
        Files.createDirectories(dashboard.getParent());
        Files.writeString(dashboard, PLACEHOLDER_DASHBOARD);
      }
      if (values != null) {
        Map<String, Object> merged =
            merge(
                yaml(Files.readString(DIR.resolve("values.yaml"))), yaml(Files.readString(values)));
        Files.writeString(
            copy.resolve("values.yaml"),
            new Dump(DumpSettings.builder().build()).dumpToString(merged));
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Renders the chart (a copy of it, see {@link #copy}) with a values file and --set pairs. */
  static String template(Path tempDir, Path values, String... sets) {
    TemplateCommand template =
        new Helm(copy(tempDir, null)).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (values != null) {
      template = template.withValuesFile(values);
    }
    for (int i = 0; i < sets.length; i += 2) {
      template = template.set(sets[i], sets[i + 1]);
    }
    return template.call();
  }

  /**
   * NOTES.txt as Helm prints it after an install. helm-java's template leaves the notes out, so a
   * copy of the chart renders them through tpl into a ConfigMap of the test's own.
   */
  static String notes(Path tempDir, Path values, String... sets) {
    Path copy = copy(tempDir, null);
    try {
      Files.move(copy.resolve("templates/NOTES.txt"), copy.resolve("notes-under-test.txt"));
      Files.writeString(
          copy.resolve("templates/notes-under-test.yaml"),
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes-under-test\ndata:\n"
              + "  notes: {{ tpl (.Files.Get \"notes-under-test.txt\") . | quote }}\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TemplateCommand template =
        new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(values);
    for (int i = 0; i < sets.length; i += 2) {
      template = template.set(sets[i], sets[i + 1]);
    }
    return get(named(objects(template.call()), "ConfigMap", "notes-under-test"), "data", "notes");
  }

  /** The rendered objects, in Helm's order. */
  static List<Map<String, Object>> render(Path tempDir, Path values, String... sets) {
    return objects(template(tempDir, values, sets));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> objects(String manifests) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(manifests)) {
      if (doc != null) {
        objects.add((Map<String, Object>) doc);
      }
    }
    return objects;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(String text) {
    Object doc = new Load(LoadSettings.builder().build()).loadFromString(text);
    return doc == null ? new LinkedHashMap<>() : (Map<String, Object>) doc;
  }

  /** Helm's merge of a values file over the defaults: maps merge, anything else replaces. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    over.forEach(
        (key, value) -> {
          Object old = merged.get(key);
          if (old instanceof Map<?, ?> oldMap && value instanceof Map<?, ?> newMap) {
            merged.put(key, merge((Map<String, Object>) oldMap, (Map<String, Object>) newMap));
          } else {
            merged.put(key, value);
          }
        });
    return merged;
  }

  /** The objects of one kind. */
  static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  static Map<String, Object> one(List<Map<String, Object>> objects, String kind) {
    List<Map<String, Object>> found = ofKind(objects, kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }

  static Map<String, Object> named(List<Map<String, Object>> objects, String kind, String name) {
    return ofKind(objects, kind).stream()
        .filter(o -> name.equals(at(o, "metadata", "name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  /** The file {@code name} in the release's own ConfigMap: kafka.properties or registry.yaml. */
  static String configFile(List<Map<String, Object>> objects, String name) {
    return get(named(objects, "ConfigMap", "rs-registry-streams"), "data", name);
  }

  /** The value at a path of map keys and list indexes, e.g. at(o, "spec", "template", "spec"). */
  static Object at(Object node, Object... path) {
    return get(node, path);
  }

  /** {@link #at}, typed as the caller needs it. */
  @SuppressWarnings("unchecked")
  static <T> T get(Object node, Object... path) {
    Object current = node;
    for (Object step : path) {
      if (current == null) {
        return null;
      }
      current =
          step instanceof Integer i
              ? ((List<Object>) current).get(i)
              : ((Map<String, Object>) current).get(step);
    }
    return (T) current;
  }

  static Map<String, Object> map(Object node, Object... path) {
    return get(node, path);
  }

  /** The pod spec of a workload or Job. */
  static Map<String, Object> podSpec(Map<String, Object> workload) {
    return get(workload, "spec", "template", "spec");
  }

  static Map<String, Object> container(Map<String, Object> workload) {
    return get(podSpec(workload), "containers", 0);
  }

  /** A container's env as name -> entry (value or valueFrom), in order. */
  static Map<String, Map<String, Object>> env(Map<String, Object> container) {
    Map<String, Map<String, Object>> env = new LinkedHashMap<>();
    List<Map<String, Object>> entries = get(container, "env");
    for (Map<String, Object> entry : entries) {
      env.put((String) entry.get("name"), entry);
    }
    return env;
  }

  /**
   * The value the kubelet would give: $(VAR) expanded from variables defined earlier, downward-API
   * and secret references filled in with plausible values.
   */
  static String kubeletValue(Map<String, Object> entry, Map<String, Map<String, Object>> env) {
    if (entry.containsKey("valueFrom")) {
      String fieldPath = get(entry, "valueFrom", "fieldRef", "fieldPath");
      if (fieldPath != null) {
        return switch (fieldPath) {
          case "metadata.name" -> "rs-registry-streams-0";
          case "metadata.namespace" -> HelmChart.NAMESPACE;
          case "status.podIP" -> "10.1.2.3";
          default -> throw new AssertionError("unexpected fieldRef " + fieldPath);
        };
      }
      return secretValue(entry);
    }
    String value = entry.get("value").toString();
    Matcher m = Pattern.compile("\\$\\(([A-Z0-9_]+)\\)").matcher(value);
    StringBuilder expanded = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          expanded, Matcher.quoteReplacement(kubeletValue(env.get(m.group(1)), env)));
    }
    m.appendTail(expanded);
    return expanded.toString();
  }

  private static String secretValue(Map<String, Object> entry) {
    return switch (entry.get("name").toString()) {
      case "REGISTRY_STREAMS_REDIS_URL" -> "redis://:secret@redis:6379/0";
      default -> "a-secret-token";
    };
  }
}
