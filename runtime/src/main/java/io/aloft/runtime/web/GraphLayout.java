package io.aloft.runtime.web;

import static io.aloft.runtime.web.Html.esc;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A left-to-right layered drawing of a DAG: a task's column is its longest path from a root; within a
 * column tasks are ordered by the mean row of their upstreams, which keeps most edges short and straight.
 */
final class GraphLayout {

  static final int NODE_W = 224;
  static final int NODE_H = 44;
  static final int COL_GAP = 70;
  static final int ROW_GAP = 18;
  static final int PAD = 20;
  static final int TB_COL_GAP = 30;
  static final int TB_ROW_GAP = 46;
  /** Wider than this left to right, a DAG is drawn top-down instead, so that a long chain fits a screen. */
  static final int MAX_LR_WIDTH = 1340;

  record Node(TaskSpec task, int column, int row, int x, int y) {}

  private final DagSpec spec;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final int width;
  private final int height;

  private final boolean topDown;

  private GraphLayout(DagSpec spec, Boolean topDownWanted) {
    this.spec = spec;
    Map<String, TaskSpec> byId = new HashMap<>();
    spec.tasks().forEach(t -> byId.put(t.taskId(), t));
    Map<String, Integer> column = new HashMap<>();
    for (TaskSpec t : spec.tasks()) {
      columnOf(t.taskId(), byId, column, 0);
    }
    int columns = column.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    List<List<TaskSpec>> cols = new ArrayList<>();
    for (int i = 0; i < columns; i++) {
      cols.add(new ArrayList<>());
    }
    spec.tasks().forEach(t -> cols.get(column.get(t.taskId())).add(t));
    Map<String, Double> rowOf = new HashMap<>();
    int maxRows = 0;
    for (List<TaskSpec> col : cols) {
      List<TaskSpec> ordered = new ArrayList<>(col);
      ordered.sort(Comparator.comparingDouble(t -> t.upstream().stream()
          .mapToDouble(u -> rowOf.getOrDefault(u, 0.0)).average().orElse(0)));
      for (int r = 0; r < ordered.size(); r++) {
        rowOf.put(ordered.get(r).taskId(), (double) r);
      }
      maxRows = Math.max(maxRows, ordered.size());
      col.clear();
      col.addAll(ordered);
    }
    int lrWidth = Math.max(1, columns) * (NODE_W + COL_GAP) - COL_GAP + 2 * PAD;
    this.topDown = topDownWanted != null ? topDownWanted : lrWidth > MAX_LR_WIDTH;
    if (!topDown) {
      int totalH = maxRows * (NODE_H + ROW_GAP) - ROW_GAP;
      for (int c = 0; c < cols.size(); c++) {
        List<TaskSpec> col = cols.get(c);
        int colH = col.size() * (NODE_H + ROW_GAP) - ROW_GAP;
        int top = PAD + (totalH - colH) / 2;
        for (int r = 0; r < col.size(); r++) {
          TaskSpec t = col.get(r);
          nodes.put(t.taskId(), new Node(t, c, r, PAD + c * (NODE_W + COL_GAP), top + r * (NODE_H + ROW_GAP)));
        }
      }
      this.width = lrWidth;
      this.height = Math.max(totalH, NODE_H) + 2 * PAD;
    } else {
      int totalW = maxRows * (NODE_W + TB_COL_GAP) - TB_COL_GAP;
      for (int c = 0; c < cols.size(); c++) {
        List<TaskSpec> col = cols.get(c);
        int rowW = col.size() * (NODE_W + TB_COL_GAP) - TB_COL_GAP;
        int left = PAD + (totalW - rowW) / 2;
        for (int r = 0; r < col.size(); r++) {
          TaskSpec t = col.get(r);
          nodes.put(t.taskId(), new Node(t, c, r, left + r * (NODE_W + TB_COL_GAP), PAD + c * (NODE_H + TB_ROW_GAP)));
        }
      }
      this.width = Math.max(totalW, NODE_W) + 2 * PAD;
      this.height = Math.max(1, columns) * (NODE_H + TB_ROW_GAP) - TB_ROW_GAP + 2 * PAD;
    }
  }

  /** Left to right unless that is too wide for a screen. */
  static GraphLayout of(DagSpec spec) {
    return new GraphLayout(spec, null);
  }

  /** {@code orientation} "LR" or "TB"; anything else chooses by width. */
  static GraphLayout of(DagSpec spec, String orientation) {
    return new GraphLayout(spec, "TB".equals(orientation) ? Boolean.TRUE : "LR".equals(orientation) ? Boolean.FALSE : null);
  }

  boolean topDown() {
    return topDown;
  }

  private static int columnOf(String id, Map<String, TaskSpec> byId, Map<String, Integer> memo, int depth) {
    Integer known = memo.get(id);
    if (known != null) {
      return known;
    }
    TaskSpec t = byId.get(id);
    int c = 0;
    if (t != null && depth < byId.size()) {
      for (String u : t.upstream()) {
        if (byId.containsKey(u)) {
          c = Math.max(c, columnOf(u, byId, memo, depth + 1) + 1);
        }
      }
    }
    memo.put(id, c);
    return c;
  }

  /** Task ids in drawing order: by column, then row (the grid's row order). */
  List<String> order() {
    return nodes.values().stream()
        .sorted(Comparator.comparingInt(Node::column).thenComparingInt(Node::row))
        .map(n -> n.task().taskId())
        .toList();
  }

  /** The SVG; {@code states} colours nodes (task id to Airflow state), {@code link} makes them clickable. */
  String svg(Map<String, String> states, java.util.function.Function<String, String> link) {
    StringBuilder sb = new StringBuilder(8192);
    sb.append("<svg class=\"graph\" id=\"graph-svg\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\"><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">")
        .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#8a94a6\"/></marker></defs>");
    for (Node n : nodes.values()) {
      for (String u : n.task().upstream()) {
        Node from = nodes.get(u);
        if (from == null) {
          continue;
        }
        String d;
        if (topDown) {
          int x1 = from.x() + NODE_W / 2;
          int y1 = from.y() + NODE_H;
          int x2 = n.x() + NODE_W / 2;
          int y2 = n.y() - 2;
          int mid = (y1 + y2) / 2;
          d = "M" + x1 + "," + y1 + " C" + x1 + "," + mid + " " + x2 + "," + mid + " " + x2 + "," + y2;
        } else {
          int x1 = from.x() + NODE_W;
          int y1 = from.y() + NODE_H / 2;
          int x2 = n.x() - 2;
          int y2 = n.y() + NODE_H / 2;
          int mid = (x1 + x2) / 2;
          d = "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + "," + y2;
        }
        sb.append("<path class=\"edge\" d=\"").append(d)
            .append("\" marker-end=\"url(#arrow)\"/>");
      }
    }
    for (Node n : nodes.values()) {
      String id = n.task().taskId();
      String state = states.getOrDefault(id, "none");
      sb.append("<a href=\"").append(esc(link.apply(id))).append("\"><g class=\"node\" data-task=\"").append(esc(id))
          .append("\" transform=\"translate(").append(n.x()).append(',').append(n.y()).append(")\">")
          .append("<title>").append(esc(id)).append(" (").append(esc(state)).append(")</title>")
          .append("<rect class=\"node-box\" width=\"").append(NODE_W).append("\" height=\"").append(NODE_H)
          .append("\" rx=\"6\"/><rect class=\"node-state st-").append(esc(state)).append("\" width=\"8\" height=\"")
          .append(NODE_H).append("\" rx=\"3\"/>")
          .append("<text x=\"16\" y=\"19\" class=\"node-id\">").append(esc(clip(id, 27))).append("</text>")
          .append("<text x=\"16\" y=\"35\" class=\"node-op\">").append(esc(clip(n.task().operator(), 32)))
          .append("</text></g></a>");
    }
    return sb.append("</svg>").toString();
  }

  private static String clip(String s, int n) {
    if (s == null) {
      return "";
    }
    return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026";
  }

  DagSpec spec() {
    return spec;
  }
}
