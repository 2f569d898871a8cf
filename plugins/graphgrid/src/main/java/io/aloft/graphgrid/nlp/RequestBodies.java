package io.aloft.graphgrid.nlp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a request body (the run's conf) against the dataset store, as {@code check_request_body} does. Accepts the
 * document's fields ({@code model}, {@code datasets}, {@code gpu}) and the later SDK spellings ({@code GPU},
 * {@code dataset_id} / {@code datasetId} for {@code {"<id>": {"train": "<id>/<id>.jsonl", "eval": null}}},
 * {@code no_cache}). Every problem is collected, so one failed run names them all. Pure code apart from reading
 * whether files exist.
 */
public final class RequestBodies {

  private RequestBodies() {}

  /**
   * The checked request.
   *
   * @throws IllegalArgumentException listing every problem, each with its fix
   */
  public static RequestBody check(Map<String, Object> conf, Path datasetStore) {
    List<String> problems = new ArrayList<>();
    Object model = conf.get("model");
    if (!(model instanceof String m) || m.isBlank()) {
      problems.add("'model' is missing: name one of " + String.join(", ", RequestBody.MODELS));
    } else if (!RequestBody.MODELS.contains(m)) {
      problems.add("unknown model '" + m + "': valid models are " + String.join(", ", RequestBody.MODELS));
    }
    boolean gpu = flag(conf, problems, "gpu", "GPU");
    boolean noCache = flag(conf, problems, "no_cache", "noCache");
    Map<String, RequestBody.Dataset> datasets = datasets(conf, problems);
    Path store = datasetStore.toAbsolutePath().normalize();
    for (RequestBody.Dataset d : datasets.values()) {
      checkFile(store, d.train(), problems);
      if (d.eval() != null) {
        checkFile(store, d.eval(), problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid request body: " + String.join("; ", problems));
    }
    return new RequestBody((String) model, datasets, gpu, noCache);
  }

  private static Map<String, RequestBody.Dataset> datasets(Map<String, Object> conf, List<String> problems) {
    Map<String, RequestBody.Dataset> out = new LinkedHashMap<>();
    Object raw = conf.get("datasets");
    Object id = conf.containsKey("dataset_id") ? conf.get("dataset_id") : conf.get("datasetId");
    if (raw == null && id != null) {
      String name = id.toString().strip();
      if (name.isEmpty()) {
        problems.add("'dataset_id' is empty");
      } else {
        out.put(name, new RequestBody.Dataset(name + "/" + name + ".jsonl", null));
      }
      return out;
    }
    if (!(raw instanceof Map<?, ?> map) || map.isEmpty()) {
      problems.add("'datasets' is missing or empty: give {\"<name>\": {\"train\": \"<path>\", \"eval\": null}} with paths"
          + " relative to the dataset store");
      return out;
    }
    map.forEach((name, files) -> {
      if (!(files instanceof Map<?, ?> f) || !(f.get("train") instanceof String train) || train.isBlank()) {
        problems.add("dataset '" + name + "' needs {\"train\": \"<path>\", \"eval\": <path or null>}");
        return;
      }
      Object eval = f.get("eval");
      if (eval != null && !(eval instanceof String)) {
        problems.add("dataset '" + name + "': 'eval' must be a path or null");
        return;
      }
      out.put(name.toString(), new RequestBody.Dataset(train, (String) eval));
    });
    return out;
  }

  private static void checkFile(Path store, String relative, List<String> problems) {
    Path rel;
    try {
      rel = Path.of(relative);
    } catch (RuntimeException e) {
      problems.add("dataset path '" + relative + "' is not a valid path");
      return;
    }
    Path resolved = store.resolve(rel).normalize();
    if (rel.isAbsolute() || !resolved.startsWith(store) || resolved.equals(store)) {
      problems.add("dataset path '" + relative + "' leaves the dataset store " + store
          + ": give a path relative to it, without '..'");
      return;
    }
    if (!Files.isRegularFile(resolved)) {
      problems.add("dataset file '" + relative + "' does not exist in the dataset store " + store
          + " (ALOFT_DATASETS_DIR): copy it there first");
    } else if (!Files.isReadable(resolved)) {
      problems.add("dataset file '" + relative + "' in " + store + " is not readable: fix its permissions");
    }
  }

  private static boolean flag(Map<String, Object> conf, List<String> problems, String... names) {
    for (String name : names) {
      Object v = conf.get(name);
      if (v == null) {
        continue;
      }
      if (v instanceof Boolean b) {
        return b;
      }
      String s = v.toString().strip().toLowerCase(Locale.ROOT);
      if (s.equals("true") || s.equals("false")) {
        return s.equals("true");
      }
      problems.add("'" + name + "' must be true or false, not " + v);
    }
    return false;
  }
}
