package io.aloft.runtime.execution.builtin;

import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Airflow's SQL check operators over JDBC, with their semantics and messages: {@code SQLCheckOperator} (every value
 * of the first row is truthy), {@code SQLValueCheckOperator} (every value equals {@code pass_value}, within {@code
 * tolerance} for numbers) and {@code SQLThresholdCheckOperator} (the first value lies between {@code min_threshold}
 * and {@code max_threshold}, each a number or a query) and {@code SQLIntervalCheckOperator} (metrics of the run's day
 * against those {@code days_back} days earlier, by {@code ratio_formula}). A failed check fails the try (and retries
 * per {@code retries}, as in Airflow). Stateless factories.
 */
final class SqlCheckOperators {

  private SqlCheckOperators() {}

  static Operator check(Map<String, Object> arguments) {
    Args args = new Args(arguments);
    return ctx -> {
      String sql = args.string("sql");
      List<Object> record = firstRow(ctx, args, sql);
      if (!record.stream().allMatch(SqlCheckOperators::truthy)) {
        throw new IllegalStateException("Test failed.\nQuery:\n" + sql + "\nResults:\n" + pythonList(record));
      }
      ctx.log().info("Success.");
      return null;
    };
  }

  static Operator valueCheck(Map<String, Object> arguments) {
    Args args = new Args(arguments);
    return ctx -> {
      String sql = args.string("sql");
      List<Object> record = firstRow(ctx, args, sql);
      String passValue = pythonStr(arguments.get("pass_value"));
      Double tolerance = args.number("tolerance");
      Double numeric = toFloat(passValue);
      String error = "Pass value:" + (numeric == null ? passValue : pythonStr(numeric)) + "\nTolerance:"
          + (tolerance == null ? "None" : String.format(Locale.ROOT, "%.1f%%", tolerance * 100)) + "\nQuery:\n" + sql
          + "\nResults:\n" + pythonList(record);
      boolean passed;
      if (numeric == null) {
        passed = record.stream().allMatch(r -> pythonStr(r).equals(passValue));
      } else {
        List<Double> values = new ArrayList<>();
        for (Object r : record) {
          Double d = r instanceof Number n ? n.doubleValue() : toFloat(r == null ? null : r.toString());
          if (d == null) {
            throw new IllegalStateException("Converting a result to float failed.\n" + error);
          }
          values.add(d);
        }
        double p = numeric;
        passed = values.stream().allMatch(v -> tolerance == null || tolerance == 0
            ? v == p : p * (1 - tolerance) <= v && v <= p * (1 + tolerance));
      }
      if (!passed) {
        throw new IllegalStateException("Test failed.\n" + error);
      }
      ctx.log().info("Success.");
      return null;
    };
  }

  static Operator thresholdCheck(Map<String, Object> arguments) {
    Args args = new Args(arguments);
    return ctx -> {
      String sql = args.string("sql");
      List<Object> record = firstRow(ctx, args, sql);
      double result = number(record.getFirst(), "the query's result");
      double min = threshold(ctx, args, arguments.get("min_threshold"), "min_threshold");
      double max = threshold(ctx, args, arguments.get("max_threshold"), "max_threshold");
      boolean within = min <= result && result <= max;
      ctx.log().info("Threshold check: result " + pythonStr(result) + ", min_threshold " + pythonStr(min)
          + ", max_threshold " + pythonStr(max) + ", within_threshold " + (within ? "True" : "False"));
      if (!within) {
        String taskId = ctx.identity().taskId();
        throw new IllegalStateException("Threshold Check: \"" + taskId + "\" failed.\nDAG: " + ctx.identity().dagId()
            + "\nTask_id: " + taskId + "\nCheck description: None\nSQL: " + sql + "\nResult: "
            + pythonStr(Math.round(result * 100) / 100.0) + " is not within thresholds " + pythonStr(min) + " and "
            + pythonStr(max));
      }
      return null;
    };
  }

  /**
   * Airflow's {@code SQLIntervalCheckOperator}: the Python side builds {@code sql1} (the metrics, sorted by their SQL
   * text, of the rows whose {@code date_filter_column} is {@code ds}) and {@code sql2} (the same {@code days_back}
   * days earlier), rendered as templates; here each metric's ratio ({@code max_over_min}: max(cur, ref) / min(cur,
   * ref), {@code relative_diff}: |cur - ref| / ref) must stay below its threshold. A zero on either side passes
   * when {@code ignore_zero} (the default), as in Airflow.
   */
  static Operator intervalCheck(Map<String, Object> arguments) {
    Args args = new Args(arguments);
    String formula = args.string("ratio_formula") == null ? "max_over_min" : args.string("ratio_formula");
    if (!formula.equals("max_over_min") && !formula.equals("relative_diff")) {
      throw new IllegalArgumentException("Invalid diff_method: " + formula
          + ". Supported diff methods are: max_over_min, relative_diff");
    }
    boolean ignoreZero = args.bool("ignore_zero", true);
    if (!(args.raw("metrics_thresholds") instanceof Map<?, ?> given) || given.isEmpty()) {
      throw new IllegalArgumentException("metrics_thresholds must map each metric's SQL expression to its threshold,"
          + " e.g. {'COUNT(*)': 1.5}");
    }
    java.util.TreeMap<String, Double> thresholds = new java.util.TreeMap<>(); // sorted like Python's sorted(keys)
    given.forEach((k, v) -> thresholds.put(String.valueOf(k), number(v, "the threshold of metric " + k)));
    return ctx -> {
      String sql1 = args.string("sql1");
      String sql2 = args.string("sql2");
      ctx.log().info("Using ratio formula: " + formula);
      ctx.log().info("Executing SQL check: " + sql2);
      List<Object> reference = firstRow(ctx, args, sql2);
      ctx.log().info("Executing SQL check: " + sql1);
      List<Object> current = firstRow(ctx, args, sql1);
      List<String> metrics = new ArrayList<>(thresholds.keySet());
      List<String> failed = new ArrayList<>();
      Map<String, Double> ratios = new java.util.HashMap<>();
      for (int i = 0; i < metrics.size() && i < current.size() && i < reference.size(); i++) {
        String metric = metrics.get(i);
        double cur = number(current.get(i), "the current value of metric " + metric);
        double ref = number(reference.get(i), "the past value of metric " + metric);
        double threshold = thresholds.get(metric);
        Double ratio = null;
        boolean passed;
        if (cur == 0 || ref == 0) {
          passed = ignoreZero;
        } else {
          ratio = formula.equals("max_over_min") ? Math.max(cur, ref) / Math.min(cur, ref) : Math.abs(cur - ref) / ref;
          passed = ratio < threshold;
        }
        ratios.put(metric, ratio);
        ctx.log().info("Current metric for " + metric + ": " + pythonStr(current.get(i)) + "\nPast metric for " + metric
            + ": " + pythonStr(reference.get(i)) + "\nRatio for " + metric + ": " + pythonStr(ratio) + "\nThreshold: "
            + pythonStr(threshold) + "\n");
        if (!passed) {
          failed.add(metric);
        }
      }
      if (!failed.isEmpty()) {
        ctx.log().warn("The following " + failed.size() + " tests out of " + metrics.size() + " failed:");
        for (String k : failed) {
          ctx.log().warn("'" + k + "' check failed. " + pythonStr(ratios.get(k)) + " is above "
              + pythonStr(thresholds.get(k)));
        }
        throw new IllegalStateException("The following tests have failed:\n " + String.join(", ", failed));
      }
      ctx.log().info("All tests have passed");
      return null;
    };
  }

  /** A threshold: a number, or a query whose first value is one. */
  private static double threshold(TaskContext ctx, Args args, Object value, String name) throws Exception {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    Double parsed = value == null ? null : toFloat(value.toString());
    if (parsed != null) {
      return parsed;
    }
    if (value == null) {
      throw new TaskFailException(name + " is required: a number or a SQL query returning one");
    }
    return number(firstRow(ctx, args, value.toString()).getFirst(), name);
  }

  private static List<Object> firstRow(TaskContext ctx, Args args, String sql) throws Exception {
    if (sql == null || sql.isBlank()) {
      throw new TaskFailException("sql is required");
    }
    List<Object> record;
    try (SqlRunner runner = new SqlRunner(ctx, SqlExecuteQueryOperator.connId(args), args.string("database"), true)) {
      record = runner.first(sql, args.raw("parameters"));
    }
    ctx.log().info("Record: " + (record == null ? "None" : pythonList(record)));
    if (record == null || record.isEmpty()) {
      throw new IllegalStateException("The following query returned zero rows: " + sql);
    }
    return record;
  }

  private static double number(Object v, String what) {
    Double d = v instanceof Number n ? n.doubleValue() : v == null ? null : toFloat(v.toString());
    if (d == null) {
      throw new IllegalStateException(what + " is not a number: " + v);
    }
    return d;
  }

  private static Double toFloat(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Python's truth value of a row's value. */
  static boolean truthy(Object v) {
    return switch (v) {
      case null -> false;
      case Boolean b -> b;
      case BigDecimal d -> d.signum() != 0;
      case Number n -> n.doubleValue() != 0;
      case String s -> !s.isEmpty();
      case Collection<?> c -> !c.isEmpty();
      default -> true;
    };
  }

  /** How Python's str() prints a value (floats with a decimal point, None, True/False). */
  static String pythonStr(Object v) {
    return switch (v) {
      case null -> "None";
      case Boolean b -> b ? "True" : "False";
      case Double d when d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e16 -> String.valueOf(d.longValue()) + ".0";
      default -> v.toString();
    };
  }

  private static String pythonList(List<Object> row) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < row.size(); i++) {
      Object v = row.get(i);
      sb.append(i > 0 ? ", " : "").append(v instanceof String s ? "'" + s + "'" : pythonStr(v));
    }
    return sb.append(row.size() == 1 ? ",)" : ")").toString();
  }
}
