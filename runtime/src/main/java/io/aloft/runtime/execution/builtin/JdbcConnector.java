package io.aloft.runtime.execution.builtin;

import io.aloft.sdk.Connection;
import io.aloft.sdk.TaskContext;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Opens a JDBC connection for an Airflow connection id, as the SQL operators' hooks do: type {@code postgres}
 * (also {@code postgresql}) through the bundled PostgreSQL driver, {@code host}, {@code port} (5432), {@code schema}
 * as the database (Airflow's meaning for postgres), {@code login}/{@code password}, and the extras the driver knows
 * ({@code sslmode}, {@code sslrootcert}, {@code connect_timeout} ...) as driver properties. Stateless.
 */
final class JdbcConnector {

  /** Extras of Airflow's postgres connections that are not driver properties. */
  private static final Set<String> NOT_PROPERTIES = Set.of("cursor", "iam", "redshift", "aws_conn_id", "cluster-identifier",
      "client_encoding", "enable_log_db_messages", "sqlalchemy_scheme", "sqlalchemy_options");

  private JdbcConnector() {}

  static java.sql.Connection open(TaskContext ctx, String connId, String database) throws SQLException {
    Connection c = ctx.connection(connId).orElseThrow(() -> new IllegalArgumentException(
        "The conn_id `" + connId + "` isn't defined: add it with `aloft connections add " + connId
            + " --conn-uri postgres://user:password@host:5432/database` (or AIRFLOW_CONN_"
            + connId.toUpperCase(Locale.ROOT) + ")"));
    String type = c.connType() == null ? "" : c.connType().toLowerCase(Locale.ROOT);
    if (!type.equals("postgres") && !type.equals("postgresql")) {
      throw new IllegalArgumentException("connection '" + connId + "' has type '" + c.connType()
          + "', which Aloft's SQL operators cannot open: they run over JDBC with the bundled PostgreSQL driver; give the"
          + " connection type postgres");
    }
    if (c.host() == null || c.host().isBlank()) {
      throw new IllegalArgumentException("connection '" + connId + "' has no host: set it with aloft connections add");
    }
    String db = database != null && !database.isBlank() ? database : c.schema();
    String url = "jdbc:postgresql://" + c.host() + ":" + (c.port() == null ? 5432 : c.port()) + "/"
        + (db == null ? "" : db);
    Properties props = new Properties();
    if (c.login() != null) {
      props.setProperty("user", c.login());
    }
    if (c.password() != null) {
      props.setProperty("password", c.password());
    }
    Map<String, Object> extra = c.extra() == null ? Map.of() : c.extra();
    extra.forEach((k, v) -> {
      if (v != null && !NOT_PROPERTIES.contains(k)) {
        props.setProperty(k.equals("connect_timeout") ? "connectTimeout" : k, String.valueOf(v));
      }
    });
    props.setProperty("ApplicationName", "aloft " + ctx.identity().dagId() + "." + ctx.identity().taskId());
    return DriverManager.getConnection(url, props);
  }
}
