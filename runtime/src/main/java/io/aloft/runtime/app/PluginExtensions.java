package io.aloft.runtime.app;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.plugins.PluginHost;
import io.aloft.runtime.plugins.PluginSchemas;
import io.aloft.sdk.DatabaseWork;
import io.aloft.sdk.extension.PluginCommand;
import io.aloft.sdk.extension.PluginPage;
import io.aloft.sdk.extension.PluginRoute;
import io.aloft.sdk.extension.PluginServices;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the loaded plugins add beyond operators (their {@link io.aloft.sdk.extension.PluginExtension}s): REST routes,
 * UI pages and CLI commands, each with the id of its plugin, and the plugins' own database schemas. The web server
 * mounts the routes and pages, the CLI the commands. Each plugin gets one {@link PluginServices}: the validated
 * settings, the data directory, and its schema, migrated before the first handler touches it.
 *
 * <p>Thread-safe. The database is reached through suppliers, so that a CLI command that needs none (such as
 * {@code gpu check}) opens none.
 */
public final class PluginExtensions {

  private static final Logger LOG = LoggerFactory.getLogger(PluginExtensions.class);

  /** A route, page or command and the plugin it comes from. */
  public record Mounted<T>(String pluginId, T extension) {}

  private final List<Mounted<PluginRoute>> routes;
  private final List<Mounted<PluginPage>> pages;
  private final List<Mounted<PluginCommand>> commands;
  private final Runnable migrate;
  private final List<io.aloft.runtime.plugins.PluginInfo> loaded;

  private PluginExtensions(
      List<Mounted<PluginRoute>> routes, List<Mounted<PluginPage>> pages, List<Mounted<PluginCommand>> commands,
      Runnable migrate, List<io.aloft.runtime.plugins.PluginInfo> loaded) {
    this.loaded = List.copyOf(loaded);
    this.routes = List.copyOf(routes);
    this.pages = List.copyOf(pages);
    this.commands = List.copyOf(commands);
    this.migrate = migrate;
  }

  /** No plugin extensions (a web server or CLI without plugins loaded). */
  public static PluginExtensions none() {
    return new PluginExtensions(List.of(), List.of(), List.of(), () -> {}, List.of());
  }

  /**
   * The extensions of the loaded plugins over this database. A plugin whose extension fails while it is asked for
   * its routes, pages or commands is left out with a warning; the others still load.
   *
   * @param dataSource the metadata database, for the plugins' migrations (opened on first use)
   * @param jdbi the same database, for the plugins' transactions (opened on first use)
   */
  public static PluginExtensions of(AloftConfig config, PluginHost plugins, Supplier<DataSource> dataSource,
      Supplier<Jdbi> jdbi) {
    Runnable migrate = once(() -> PluginSchemas.migrate(dataSource.get(), plugins));
    List<Mounted<PluginRoute>> routes = new ArrayList<>();
    List<Mounted<PluginPage>> pages = new ArrayList<>();
    List<Mounted<PluginCommand>> commands = new ArrayList<>();
    for (PluginHost.LoadedExtension x : plugins.extensions()) {
      PluginServices services = services(config, x.pluginId(), jdbi, migrate);
      try {
        add(routes, x.pluginId(), x.extension().routes(services));
        add(pages, x.pluginId(), x.extension().pages(services));
        add(commands, x.pluginId(), x.extension().commands(services));
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("plugin '{}': its routes, pages or commands could not be read ({}); it keeps its operators only",
            x.pluginId(), e.toString());
      }
    }
    return new PluginExtensions(routes, pages, commands, migrate, plugins.plugins());
  }

  /** Migrates every plugin's schema now (the daemon does at start, so that no request waits for it). */
  public void migrate() {
    migrate.run();
  }

  /** The plugins these extensions come from, as loaded (for {@code /plugins}, {@code /providers}, {@code /config}). */
  public List<io.aloft.runtime.plugins.PluginInfo> loaded() {
    return loaded;
  }

  /** Every setting the loaded plugins declare. */
  public List<io.aloft.sdk.SettingSpec> settings() {
    return loaded.stream().flatMap(p -> p.settings().stream()).toList();
  }

  public List<Mounted<PluginRoute>> routes() {
    return routes;
  }

  public List<Mounted<PluginPage>> pages() {
    return pages;
  }

  public List<Mounted<PluginCommand>> commands() {
    return commands;
  }

  private static <T> void add(List<Mounted<T>> into, String pluginId, List<T> items) {
    items.forEach(i -> into.add(new Mounted<>(pluginId, i)));
  }

  private static PluginServices services(AloftConfig config, String pluginId, Supplier<Jdbi> jdbi, Runnable migrate) {
    Function<Jdbi, PluginServices.PluginDatabase> schema = j -> PluginSchemas.database(j, pluginId);
    PluginServices.PluginDatabase database = new PluginServices.PluginDatabase() {
      @Override
      public <T> T inTransaction(DatabaseWork<T> work) {
        migrate.run();
        return schema.apply(jdbi.get()).inTransaction(work);
      }
    };
    return new io.aloft.runtime.plugins.HostServices(pluginId, config.settings(), config.home(), database);
  }

  private static Runnable once(Runnable work) {
    return new Runnable() {
      private boolean done;

      @Override
      public synchronized void run() {
        if (!done) {
          work.run();
          done = true;
        }
      }
    };
  }
}
