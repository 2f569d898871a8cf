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
 * ({@code sslmode}, {@code sslrootcert}, {@code connect_timeout} ...) as driver properties; and Airflow's type {@code
 * jdbc} (the JDBC provider's connection): {@code host} is the whole JDBC URL, {@code login}/{@code password} the
 * user, extra {@code driver_class} optional, the driver a jar in {@code <plugins folder>/jdbc/} (see {@link
 * JdbcDrivers}). Stateless.
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
    if (type.equals("jdbc")) {
      return openJdbc(ctx, connId, c);
    }
    if (!type.equals("postgres") && !type.equals("postgresql")) {
      throw new IllegalArgumentException("connection '" + connId + "' has type '" + c.connType()
          + "', which Aloft's SQL operators cannot open: give it type postgres (bundled driver), or type jdbc with the"
          + " JDBC URL as its host and the driver's jar in " + JdbcDrivers.folder(ctx.settings()));
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

  /** Airflow's JDBC connection: the URL in {@code host}, a driver from the plugins folder's {@code jdbc/} jars. */
  private static java.sql.Connection openJdbc(TaskContext ctx, String connId, Connection c) throws SQLException {
    String url = c.host();
    if (url == null || !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException("connection '" + connId + "' has type jdbc, so its host must be the JDBC URL"
          + " (jdbc:...): set it with aloft connections add " + connId + " --conn-type jdbc --conn-host 'jdbc:...'");
    }
    Properties props = new Properties();
    if (c.login() != null) {
      props.setProperty("user", c.login());
    }
    if (c.password() != null) {
      props.setProperty("password", c.password());
    }
    Object driverClass = c.extra() == null ? null : c.extra().get("driver_class");
    return JdbcDrivers.connect(JdbcDrivers.folder(ctx.settings()), url, driverClass == null ? null : driverClass.toString(),
        props);
  }
}
