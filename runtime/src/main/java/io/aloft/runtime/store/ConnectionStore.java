package io.aloft.runtime.store;

import io.aloft.sdk.Connection;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Connections (Airflow's {@code fs_default} exists from the first migration). */
public final class ConnectionStore {

  private final Jdbi jdbi;

  public ConnectionStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<Connection> get(String connId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM connection WHERE conn_id = :c")
                .bind("c", connId)
                .map(
                    (rs, ctx) -> {
                      int port = rs.getInt("port");
                      Integer p = rs.wasNull() ? null : port;
                      return new Connection(
                          rs.getString("conn_id"),
                          rs.getString("conn_type"),
                          rs.getString("host"),
                          rs.getString("schema"),
                          rs.getString("login"),
                          rs.getString("password"),
                          p,
                          Json.readMap(rs.getString("extra")));
                    })
                .findOne());
  }
}
