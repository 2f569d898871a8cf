package io.aloft.graphgrid;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * An embedded PostgreSQL holding the plugin's schema {@code plugin_graphgrid}, migrated as the runtime's
 * PluginSchemas migrates it: every {@code V<n>__*.sql} of {@code db/graphgrid}, in version order (a new migration
 * needs no test edits). For the plugin's ITs: one per test class, started in {@code @BeforeAll}, closed in
 * {@code @AfterAll}.
 */
public final class PluginSchemaDatabase implements AutoCloseable {

  private static final Path MIGRATIONS = Path.of("src/main/resources/db/graphgrid");

  private final EmbeddedPostgres pg;

  private PluginSchemaDatabase(EmbeddedPostgres pg) {
    this.pg = pg;
  }

  public static PluginSchemaDatabase start() throws Exception {
    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
    StringBuilder sql = new StringBuilder("CREATE SCHEMA plugin_graphgrid; SET search_path TO plugin_graphgrid;");
    for (Path migration : migrations()) {
      sql.append(Files.readString(migration)).append('\n');
    }
    try (Connection c = pg.getPostgresDatabase().getConnection()) {
      c.createStatement().execute(sql.toString());
    }
    return new PluginSchemaDatabase(pg);
  }

  /** Connections whose default schema is the plugin's, as the plugin's code gets them from the runtime. */
  public DataSource pluginSchema() {
    return pg.getDatabase("postgres", "postgres", Map.of("currentSchema", "plugin_graphgrid"));
  }

  private static List<Path> migrations() throws IOException {
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      return files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
          .sorted(Comparator.comparingInt(PluginSchemaDatabase::version))
          .toList();
    }
  }

  private static int version(Path migration) {
    return Integer.parseInt(migration.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"));
  }

  @Override
  public void close() throws IOException {
    pg.close();
  }
}
