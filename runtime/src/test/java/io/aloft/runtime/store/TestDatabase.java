package io.aloft.runtime.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * One real embedded PostgreSQL per test JVM; each call to {@link #fresh()} hands out a new, migrated
 * database on it, so integration tests do not see each other's rows.
 */
public final class TestDatabase {

  private static EmbeddedPostgres server;
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestDatabase() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_connections", "300")
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close();
        } catch (IOException ignored) {
          // the JVM is going away
        }
      }));
    }
    return server;
  }

  /** A new empty database with Aloft's schema, as an external {@link Database}. */
  public static Database fresh() {
    EmbeddedPostgres pg = server();
    String name = "aloft_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    Jdbi.create(pg.getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE " + name));
    String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name;
    Database db = Database.external(new io.aloft.runtime.config.AloftConfig.DatabaseConfig(url, "postgres", null));
    db.migrate();
    return db;
  }

  /** The JDBC URL of a fresh database, for code that opens its own connection from configuration. */
  public static String freshUrl() {
    EmbeddedPostgres pg = server();
    String name = "aloft_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    Jdbi.create(pg.getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE " + name));
    return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name;
  }

}
