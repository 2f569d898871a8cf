package io.aloft.runtime.execution.builtin;

import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Airflow's {@code SQLExecuteQueryOperator} (and {@code PostgresOperator}) over JDBC: runs {@code sql} (a string, a
 * list, or a {@code .sql} file rendered by the executor) with {@code parameters}, in one transaction committed at the
 * end unless {@code autocommit}; {@code split_statements} cuts a string into statements. Its XCom is what Airflow's
 * is with the default {@code fetch_all_handler}: the rows of the last statement for a string ({@code return_last},
 * or unsplit), else one entry per statement (null for a statement without rows).
 */
final class SqlExecuteQueryOperator implements Operator {

  private final Args args;
  private final Map<String, Object> raw;

  SqlExecuteQueryOperator(Map<String, Object> arguments) {
    this.args = new Args(arguments);
    this.raw = arguments;
  }

  /** {@code conn_id}, or the PostgresOperator's {@code postgres_conn_id}, or Airflow's default. */
  static String connId(Args args) {
    String id = args.string("conn_id");
    if (id == null) {
      id = args.string("postgres_conn_id");
    }
    return id == null ? "postgres_default" : id;
  }

  @Override
  public Object execute(TaskContext ctx) throws Exception {
    Object sql = raw.get("sql");
    boolean split = args.bool("split_statements", false);
    boolean returnLast = args.bool("return_last", true);
    List<String> statements = new ArrayList<>();
    if (sql instanceof String s) {
      statements.addAll(split ? SqlText.split(s) : List.of(s));
    } else if (sql instanceof List<?> l) {
      l.forEach(x -> statements.add(String.valueOf(x)));
    } else {
      throw new IllegalArgumentException("sql must be a string, a list of strings or the name of a .sql file, not " + sql);
    }
    if (statements.isEmpty()) {
      throw new IllegalArgumentException("List of SQL statements is empty");
    }
    SqlRunner.Handler handler = SqlRunner.Handler.of(args.string("handler"));
    List<Object> results = new ArrayList<>();
    try (SqlRunner runner = new SqlRunner(ctx, connId(args), args.string("database"), args.bool("autocommit", false))) {
      for (String statement : statements) {
        results.add(runner.run(statement, raw.get("parameters"), handler));
      }
      runner.commit();
    }
    Object output = sql instanceof String && (returnLast || !split) ? results.getLast() : results;
    if (args.bool("show_return_value_in_logs", false)) {
      ctx.log().info("Return value: " + output);
    }
    return output;
  }
}
