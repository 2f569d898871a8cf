package io.aloft.runtime.execution.builtin;

import io.aloft.sdk.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Airflow's data-quality check operators over JDBC: {@code SQLColumnCheckOperator} ({@code column_mapping} of
 * {@code null_check}, {@code distinct_check}, {@code unique_check}, {@code min}, {@code max}, each compared by
 * {@code equal_to}, {@code greater_than}, {@code geq_to}, {@code less_than}, {@code leq_to} with an optional
 * {@code tolerance} and {@code partition_clause}) and {@code SQLTableCheckOperator} ({@code checks} of
 * {@code check_statement}s that must hold for every row of the table, or its partition). Every check runs; the try
 * fails naming each failed one, as Airflow's do. Stateless factories.
 */
final class SqlDataQualityChecks {

  private static final Map<String, String> COLUMN_CHECKS = Map.of(
      "null_check", "SUM(CASE WHEN %s IS NULL THEN 1 ELSE 0 END)",
      "distinct_check", "COUNT(DISTINCT(%s))",
      "unique_check", "COUNT(%s) - COUNT(DISTINCT(%s))",
      "min", "MIN(%s)",
      "max", "MAX(%s)");
  private static final Set<String> COMPARISONS = Set.of("equal_to", "greater_than", "geq_to", "less_than", "leq_to");

  private SqlDataQualityChecks() {}

  static Operator columnCheck(Map<String, Object> arguments) {
    Args args = new Args(arguments);
    return ctx -> {
      String table = args.string("table");
      if (!(args.raw("column_mapping") instanceof Map<?, ?> mapping) || mapping.isEmpty()) {
        throw new IllegalArgumentException("column_mapping must map column names to their checks, e.g. "
            + "{'id': {'null_check': {'equal_to': 0}}}");
      }
      boolean acceptNone = args.bool("accept_none", true);
      List<String> failed = new ArrayList<>();
      List<String> results = new ArrayList<>();
      try (SqlRunner runner = new SqlRunner(ctx, SqlExecuteQueryOperator.connId(args), args.string("database"), true)) {
        for (Map.Entry<?, ?> column : mapping.entrySet()) {
          for (Map.Entry<?, ?> check : ((Map<?, ?>) column.getValue()).entrySet()) {
            String name = String.valueOf(check.getKey());
            String template = COLUMN_CHECKS.get(name);
            if (template == null) {
              throw new IllegalArgumentException("unknown column check '" + name + "': use one of " + COLUMN_CHECKS.keySet());
            }
            Map<?, ?> values = (Map<?, ?>) check.getValue();
            String col = String.valueOf(column.getKey());
            String sql = "SELECT " + template.formatted(col, col) + " FROM " + table
                + where(args.string("partition_clause"), values.get("partition_clause"));
            List<Object> row = runner.first(sql, null);
            Object result = row == null || row.isEmpty() ? null : row.getFirst();
            results.add("(" + col + ", " + name + ", " + SqlCheckOperators.pythonStr(result) + ")");
            boolean passed = result == null ? acceptNone : matches(values, number(result));
            if (!passed) {
              failed.add("Column: " + col + "\nCheck: " + name + ",\nCheck Values: " + values);
            }
          }
        }
      }
      if (!failed.isEmpty()) {
        throw new IllegalStateException("Test failed.\nResults:\n" + String.join(", ", results)
            + "\nThe following tests have failed:\n" + String.join("\n", failed));
      }
      ctx.log().info("All tests have passed");
      return null;
    };
  }

  static Operator tableCheck(Map<String, Object> arguments) {
    Args args = new Args(arguments);
    return ctx -> {
      String table = args.string("table");
      if (!(args.raw("checks") instanceof Map<?, ?> checks) || checks.isEmpty()) {
        throw new IllegalArgumentException("checks must map check names to {'check_statement': ...}");
      }
      List<String> failed = new ArrayList<>();
      List<String> results = new ArrayList<>();
      try (SqlRunner runner = new SqlRunner(ctx, SqlExecuteQueryOperator.connId(args), args.string("database"), true)) {
        for (Map.Entry<?, ?> check : checks.entrySet()) {
          Map<?, ?> spec = (Map<?, ?>) check.getValue();
          Object statement = spec.get("check_statement");
          if (statement == null) {
            throw new IllegalArgumentException("check '" + check.getKey() + "' has no check_statement");
          }
          String sql = "SELECT MIN(check_result) FROM (SELECT CASE WHEN " + statement + " THEN 1 ELSE 0 END AS check_result"
              + " FROM " + table + where(args.string("partition_clause"), spec.get("partition_clause")) + ") AS sq";
          List<Object> row = runner.first(sql, null);
          Object result = row == null || row.isEmpty() ? null : row.getFirst();
          results.add("(" + check.getKey() + ", " + SqlCheckOperators.pythonStr(result) + ")");
          if (result == null || number(result) != 1) {
            failed.add(String.valueOf(check.getKey()));
          }
        }
      }
      if (!failed.isEmpty()) {
        throw new IllegalStateException("Test failed.\nResults:\n" + String.join(", ", results)
            + "\nThe following tests have failed:\n" + String.join(", ", failed));
      }
      ctx.log().info("All tests have passed");
      return null;
    };
  }

  private static String where(String operatorClause, Object checkClause) {
    List<String> parts = new ArrayList<>();
    if (operatorClause != null && !operatorClause.isBlank()) {
      parts.add("(" + operatorClause + ")");
    }
    if (checkClause != null && !checkClause.toString().isBlank()) {
      parts.add("(" + checkClause + ")");
    }
    return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
  }

  /** Airflow's comparison of a check's result with its values, tolerance included. */
  static boolean matches(Map<?, ?> values, double result) {
    double tol = values.get("tolerance") instanceof Number n ? n.doubleValue() : 0;
    boolean any = false;
    boolean ok = true;
    for (Map.Entry<?, ?> e : values.entrySet()) {
      String kind = String.valueOf(e.getKey());
      if (!COMPARISONS.contains(kind)) {
        continue;
      }
      any = true;
      double v = number(e.getValue());
      ok &= switch (kind) {
        case "equal_to" -> tol == 0 ? result == v : v * (1 - tol) <= result && result <= v * (1 + tol);
        case "greater_than" -> result > v * (1 - tol);
        case "geq_to" -> result >= v * (1 - tol);
        case "less_than" -> result < v * (1 + tol);
        default -> result <= v * (1 + tol);
      };
    }
    if (!any) {
      throw new IllegalArgumentException("a column check needs equal_to, greater_than, geq_to, less_than or leq_to: " + values);
    }
    return ok;
  }

  private static double number(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    try {
      return Double.parseDouble(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("not a number: " + v);
    }
  }
}
