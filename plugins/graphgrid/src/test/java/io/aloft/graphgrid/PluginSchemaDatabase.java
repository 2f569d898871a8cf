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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded PostgreSQL holding the plugin's schema {@code plugin_graphgrid}, migrated as the runtime's
 * PluginSchemas migrates it: every {@code V<n>__*.sql} of {@code db/graphgrid}, in version order (a new migration
 * needs no test edits). For the plugin's ITs, one per test class as a JUnit extension
 * ({@code @RegisterExtension static final PluginSchemaDatabase db = new PluginSchemaDatabase();}): started before the
 * class's first test, closed after its last.
 */
public final class PluginSchemaDatabase implements BeforeAllCallback, AfterAllCallback {

  private static final Path MIGRATIONS = Path.of("src/main/resources/db/graphgrid");

  private EmbeddedPostgres pg;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    pg = EmbeddedPostgres.builder().start();
    StringBuilder sql = new StringBuilder("CREATE SCHEMA plugin_graphgrid; SET search_path TO plugin_graphgrid;");
    for (Path migration : migrations()) {
      sql.append(Files.readString(migration)).append('\n');
    }
    try (Connection c = pg.getPostgresDatabase().getConnection()) {
      c.createStatement().execute(sql.toString());
    }
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
  public void afterAll(ExtensionContext context) throws IOException {
    if (pg != null) {
      pg.close();
    }
  }
}
