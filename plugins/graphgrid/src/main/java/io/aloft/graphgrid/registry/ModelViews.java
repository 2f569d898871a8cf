package io.aloft.graphgrid.registry;

import io.aloft.graphgrid.registry.ModelRegistry.ModelRow;
import io.aloft.sdk.extension.PageView;
import io.aloft.sdk.extension.PageView.Block;
import io.aloft.sdk.extension.PluginHttpException;
import io.aloft.sdk.extension.PluginRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the registry's rows look to users: the REST shape (Airflow's collection style: {@code models},
 * {@code total_entries}, {@code limit}/{@code offset}/{@code order_by}), the CLI rows and the Models page.
 */
public final class ModelViews {

  /** The columns {@code aloft models list} shows in a table ({@code -o json} shows every key). */
  public static final List<String> COLUMNS =
      List.of("saved_model_name", "model", "device", "f1", "training_seconds", "run_id", "created_at");

  private static final Set<String> ORDER_FIELDS = Set.of("id", "saved_model_name", "model", "created_at", "device");

  private ModelViews() {}

  /** {@code GET /api/v1/models}: a page of rows, newest first unless {@code order_by} says otherwise. */
  public static Map<String, Object> collection(List<ModelRow> rows, PluginRequest req) {
    int limit = number(req, "limit", 100);
    int offset = number(req, "offset", 0);
    String orderBy = req.queryParam("order_by").orElse("-created_at");
    boolean descending = orderBy.startsWith("-");
    String field = descending ? orderBy.substring(1) : orderBy;
    if (!ORDER_FIELDS.contains(field)) {
      throw PluginHttpException.badRequest("order_by must be one of " + new java.util.TreeSet<>(ORDER_FIELDS)
          + " (with - for descending), got '" + orderBy + "'");
    }
    Comparator<ModelRow> order = switch (field) {
      case "id" -> Comparator.comparingLong(ModelRow::id);
      case "saved_model_name" -> Comparator.comparing(ModelRow::savedModelName);
      case "model" -> Comparator.comparing(ModelRow::model);
      case "device" -> Comparator.comparing(ModelRow::device);
      default -> Comparator.comparing(ModelRow::createdAt);
    };
    List<Map<String, Object>> page = rows.stream().sorted(descending ? order.reversed() : order)
        .skip(offset).limit(limit).map(ModelViews::json).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("models", page);
    out.put("total_entries", rows.size());
    return out;
  }

  /** One model as the API shows it. */
  public static Map<String, Object> json(ModelRow m) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", m.id());
    j.put("saved_model_name", m.savedModelName());
    j.put("model", m.model());
    j.put("datasets", m.datasets());
    j.put("dag_id", m.dagId());
    j.put("dag_run_id", m.runId());
    j.put("metrics", m.metrics());
    j.put("device", m.device());
    j.put("training_seconds", m.trainingSeconds());
    j.put("artifact_path", m.artifactPath());
    j.put("created_at", m.createdAt().toString());
    return j;
  }

  /** One model as {@code aloft models list} prints it. */
  public static Map<String, Object> row(ModelRow m) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("saved_model_name", m.savedModelName());
    r.put("model", m.model());
    r.put("device", m.device());
    r.put("f1", m.metrics().get("f1"));
    r.put("training_seconds", m.trainingSeconds());
    r.put("dag_id", m.dagId());
    r.put("run_id", m.runId());
    r.put("datasets", m.datasets());
    r.put("artifact_path", m.artifactPath());
    r.put("created_at", m.createdAt());
    r.put("metrics", m.metrics());
    return r;
  }

  /**
   * The Models page: per model type, a chart of each evaluation score (metrics between 0 and 1: f1, precision,
   * recall, accuracy ...) across its saved versions, oldest left; then every saved model.
   */
  public static PageView page(List<ModelRow> rows) {
    List<Block> blocks = new ArrayList<>();
    if (rows.isEmpty()) {
      blocks.add(new PageView.Paragraph("No saved models yet: a successful run of nlp_model_training registers one."));
      return new PageView("Models", blocks);
    }
    Map<String, List<ModelRow>> byModel = new TreeMap<>();
    for (int i = rows.size() - 1; i >= 0; i--) {
      byModel.computeIfAbsent(rows.get(i).model(), k -> new ArrayList<>()).add(rows.get(i));
    }
    byModel.forEach((model, versions) -> blocks.add(chart(model, versions)));
    List<List<Object>> table = rows.stream().map(m -> List.<Object>of(m.savedModelName(), m.model(), m.device(),
        scores(m), m.trainingSeconds() == null ? "" : String.format("%.1f s", m.trainingSeconds()), m.runId(),
        m.createdAt().toString())).toList();
    blocks.add(new PageView.Table(List.of("Saved model", "Model", "Device", "Metrics", "Training", "Run", "Saved"), table,
        "No saved models yet"));
    return new PageView("Models", blocks);
  }

  /** Scores only: a metric is drawn when every value it has is a number from 0 to 1 (so not a loss). */
  static PageView.LineChart chart(String model, List<ModelRow> versions) {
    Set<String> metrics = new LinkedHashSet<>();
    Set<String> excluded = new HashSet<>();
    for (ModelRow m : versions) {
      m.metrics().forEach((k, v) -> {
        if (v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1) {
          metrics.add(k);
        } else {
          excluded.add(k);
        }
      });
    }
    metrics.removeAll(excluded);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      labels.add("v" + (i + 1));
    }
    List<PageView.Series> series = new ArrayList<>();
    double min = 1;
    for (String metric : metrics) {
      List<Double> values = new ArrayList<>();
      for (ModelRow m : versions) {
        Object v = m.metrics().get(metric);
        Double d = v instanceof Number n ? n.doubleValue() : null;
        values.add(d);
        if (d != null) {
          min = Math.min(min, d);
        }
      }
      series.add(new PageView.Series(metric, values));
    }
    // the y axis starts a little under the lowest score, in tenths, so that small gains stay visible
    double lo = Math.max(0, Math.floor((min - 0.05) * 10) / 10);
    String title = model + " (" + versions.size() + (versions.size() == 1 ? " version)" : " versions)");
    return new PageView.LineChart(title, labels, series, lo, 1);
  }

  private static String scores(ModelRow m) {
    StringBuilder sb = new StringBuilder();
    m.metrics().forEach((k, v) -> {
      if (v instanceof Number n) {
        sb.append(sb.isEmpty() ? "" : "  ").append(k).append(' ').append(String.format("%.3f", n.doubleValue()));
      }
    });
    return sb.toString();
  }

  private static int number(PluginRequest req, String name, int def) {
    String v = req.queryParam(name).orElse(null);
    if (v == null) {
      return def;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw PluginHttpException.badRequest(name + " must be a whole number from 0, got '" + v + "'");
    }
  }
}
