package io.aloft.runtime.plugins;

import io.aloft.sdk.DatabaseWork;
import io.aloft.sdk.extension.PluginServices.PluginDatabase;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each plugin's own PostgreSQL schema, {@code plugin_<id>}: its Flyway migrations run there with a history table of
 * their own, and every connection the plugin gets has that schema as its only search path. The engine's tables
 * stay in {@code public}, which a plugin's unqualified SQL never reaches. Thread-safe.
 */
public final class PluginSchemas {

  private static final Logger LOG = LoggerFactory.getLogger(PluginSchemas.class);

  private PluginSchemas() {}

  /** {@code plugin_<id>}, the id lower-cased with anything but letters, digits and {@code _} as {@code _}. */
  public static String schemaOf(String pluginId) {
    return "plugin_" + pluginId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }

  /**
   * Migrates every loaded plugin that ships migrations, in load order. A plugin whose migrations fail stops the
   * start with a message that names it: its tables would not match its code.
   */
  public static void migrate(DataSource dataSource, PluginHost plugins) {
    for (PluginHost.LoadedExtension x : plugins.extensions()) {
      x.extension().migrations().ifPresent(location -> migrate(dataSource, x.pluginId(), x.classLoader(), location));
    }
  }

  /** Migrates one plugin's schema from {@code location} on {@code classLoader}. */
  public static void migrate(DataSource dataSource, String pluginId, ClassLoader classLoader, String location) {
    String schema = schemaOf(pluginId);
    try {
      var result = Flyway.configure(classLoader)
          .dataSource(dataSource)
          .schemas(schema)
          .defaultSchema(schema)
          .createSchemas(true)
          .locations("classpath:" + location.replaceAll("^/+", ""))
          .failOnMissingLocations(true)
          .load()
          .migrate();
      if (result.migrationsExecuted > 0) {
        LOG.info("Plugin '{}': {} migration(s) applied in schema {}", pluginId, result.migrationsExecuted, schema);
      }
    } catch (FlywayException e) {
      throw new IllegalStateException("plugin '" + pluginId + "': its database migrations in " + location
          + " failed (" + e.getMessage() + "): fix the plugin or remove it from the plugins folder", e);
    }
  }

  /** The plugin's own tables, one transaction per call on {@code jdbi}'s database. */
  public static PluginDatabase database(Jdbi jdbi, String pluginId) {
    String schema = schemaOf(pluginId);
    return new PluginDatabase() {
      @Override
      public <T> T inTransaction(DatabaseWork<T> work) {
        try {
          return jdbi.inTransaction(h -> {
            h.execute("SET LOCAL search_path TO " + schema);
            return work.run(h.getConnection());
          });
        } catch (SQLException e) {
          throw new IllegalStateException("plugin '" + pluginId + "' database work failed: " + e.getMessage(), e);
        }
      }
    };
  }
}
