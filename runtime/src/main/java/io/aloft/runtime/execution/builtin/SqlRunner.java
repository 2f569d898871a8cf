package io.aloft.runtime.execution.builtin;

import io.aloft.sdk.TaskContext;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs statements on one JDBC connection the way Airflow's {@code DbApiHook.run} does: each statement with its
 * parameters, logged, and its rows fetched by the handler ({@code fetch_all}: every row, {@code fetch_one}: the first,
 * null for a statement without a result set). Rows come back as JSON-ready lists (dates and times as ISO text).
 * One instance per try; not thread-safe.
 */
final class SqlRunner implements AutoCloseable {

  /** Airflow's two built-in handlers ({@code airflow.providers.common.sql.hooks.handlers}). */
  enum Handler {
    FETCH_ALL,
    FETCH_ONE;

    static Handler of(String name) {
      if (name == null || name.equals("fetch_all_handler")) {
        return FETCH_ALL;
      }
      if (name.equals("fetch_one_handler")) {
        return FETCH_ONE;
      }
      throw new IllegalArgumentException("handler '" + name + "' is not one Aloft runs in Java: use fetch_all_handler or"
          + " fetch_one_handler, or a @task that calls PostgresHook for custom result handling");
    }
  }

  private final Connection connection;
  private final TaskContext ctx;

  SqlRunner(TaskContext ctx, String connId, String database, boolean autocommit) throws SQLException {
    this.ctx = ctx;
    this.connection = JdbcConnector.open(ctx, connId, database);
    connection.setAutoCommit(autocommit);
  }

  /** Runs one statement; its rows by the handler, or null when it returns none. */
  Object run(String statement, Object parameters, Handler handler) throws SQLException {
    ctx.log().info("Running statement: " + statement + (parameters == null ? "" : ", parameters: " + parameters));
    if (parameters == null) {
      // A plain statement: its text reaches PostgreSQL as written (a jsonb ? operator is not a placeholder).
      try (Statement st = connection.createStatement()) {
        return result(st, st.execute(statement), handler);
      }
    }
    SqlText.Bound bound = SqlText.bind(statement, parameters);
    try (PreparedStatement ps = connection.prepareStatement(bound.sql())) {
      for (int i = 0; i < bound.values().size(); i++) {
        ps.setObject(i + 1, bound.values().get(i));
      }
      return result(ps, ps.execute(), handler);
    }
  }

  /** What the handler makes of an executed statement (for a script, of its last result, as psycopg2 gives it). */
  private Object result(Statement st, boolean hasRows, Handler handler) throws SQLException {
    Object result = null;
    while (true) {
      if (hasRows) {
        try (ResultSet rs = st.getResultSet()) {
          List<Object> rows = rows(rs, handler == Handler.FETCH_ONE ? 1 : Integer.MAX_VALUE);
          result = handler == Handler.FETCH_ONE ? (rows.isEmpty() ? null : rows.getFirst()) : rows;
        }
      } else {
        int count = st.getUpdateCount();
        if (count < 0) {
          return result;
        }
        ctx.log().info("Rows affected: " + count);
        result = null;
      }
      hasRows = st.getMoreResults();
    }
  }

  /** The first row of a query ({@code get_first}), or null when it has none. */
  @SuppressWarnings("unchecked")
  List<Object> first(String sql, Object parameters) throws SQLException {
    return (List<Object>) run(sql, parameters, Handler.FETCH_ONE);
  }

  void commit() throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }

  private static List<Object> rows(ResultSet rs, int limit) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<Object> rows = new ArrayList<>();
    while (rows.size() < limit && rs.next()) {
      List<Object> row = new ArrayList<>(md.getColumnCount());
      for (int c = 1; c <= md.getColumnCount(); c++) {
        row.add(json(rs.getObject(c)));
      }
      rows.add(row);
    }
    return rows;
  }

  /** A JDBC value as a JSON value, as psycopg2's types would print into an XCom. */
  static Object json(Object v) throws SQLException {
    return switch (v) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Number n -> n;
      case java.sql.Timestamp t -> t.toLocalDateTime().toString();
      case java.sql.Date d -> d.toLocalDate().toString();
      case java.sql.Time t -> t.toLocalTime().toString();
      case TemporalAccessor t -> t.toString();
      case Array a -> {
        Object[] items = (Object[]) a.getArray();
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
          out.add(json(item));
        }
        yield out;
      }
      case byte[] bytes -> Arrays.toString(bytes);
      default -> v.toString();
    };
  }

  @Override
  public void close() throws SQLException {
    try {
      if (!connection.getAutoCommit() && !connection.isClosed()) {
        connection.rollback(); // what was not committed (a failed statement) is not half kept
      }
    } finally {
      connection.close();
    }
  }
}
