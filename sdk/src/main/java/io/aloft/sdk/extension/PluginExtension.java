package io.aloft.sdk.extension;

import java.util.List;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * A plugin's additions beyond operators. Every method has a default that adds nothing, so a plugin implements only
 * what it brings.
 *
 * <p>Lifecycle: the runtime instantiates it once at start, runs its {@link #migrations()} when the store is open
 * (before any handler runs), then asks once for its routes, pages and commands; in a process that runs tasks it
 * also starts its {@link #startBackground background work} once. Handlers are called from many threads at once and
 * must be thread-safe.
 *
 * <pre>{@code
 * @Extension
 * public final class NotesExtension implements PluginExtension {
 *   public Optional<String> migrations() { return Optional.of("db/notes"); }   // V1__notes.sql ... in the jar
 *   public List<PluginRoute> routes(PluginServices s) {
 *     return List.of(PluginRoute.get("notes", req -> s.database().inTransaction(c -> Notes.all(c))));
 *   }
 *   public List<PluginPage> pages(PluginServices s) {
 *     return List.of(new PluginPage("notes", "Notes", req -> new PageView("Notes", List.of(table(s)))));
 *   }
 *   public List<PluginCommand> commands(PluginServices s) {
 *     return List.of(PluginCommand.of("notes list", "List the notes", List.of(), opts -> rows(s)));
 *   }
 * }
 * }</pre>
 */
public interface PluginExtension extends ExtensionPoint {

  /**
   * A folder of Flyway SQL migrations inside the plugin ({@code V1__name.sql}, ...), run in the plugin's own
   * PostgreSQL schema ({@code plugin_<id>}, the search path of every connection the plugin gets), with their own
   * history table. Migrations are never edited once shipped.
   */
  default Optional<String> migrations() {
    return Optional.empty();
  }

  /** REST routes, answered under {@code /api/v1/} with the API's authentication. */
  default List<PluginRoute> routes(PluginServices services) {
    return List.of();
  }

  /** UI pages, served at {@code /<path>} with a navigation entry, behind the UI's login. */
  default List<PluginPage> pages(PluginServices services) {
    return List.of();
  }

  /** {@code aloft} subcommands, such as {@code models list}. */
  default List<PluginCommand> commands(PluginServices services) {
    return List.of();
  }

  /**
   * Starts work that this plugin keeps doing in the background of a process that runs tasks ({@code aloft worker},
   * {@code aloft standalone}; not a scheduler, web server or CLI command alone), such as recording this machine's
   * hardware for other machines to see, before any of the plugin's tasks ran here.
   *
   * <p>Called once per process, on its start thread, after {@link #migrations()} ran and before the process claims
   * its first task: return promptly (start a thread for the work). The handle it returns is closed once, when the
   * process shuts down; it stops the work and returns within seconds. A failure here (or in {@code close}) is logged
   * with the plugin's id and leaves the process and the plugin's operators running. Default: no background work.
   *
   * <pre>{@code
   * public Optional<AutoCloseable> startBackground(PluginServices s) {
   *   Thread t = Thread.ofPlatform().daemon().start(() -> publishEveryMinute(s.database()));
   *   return Optional.of(t::interrupt);
   * }
   * }</pre>
   */
  default Optional<AutoCloseable> startBackground(PluginServices services) {
    return Optional.empty();
  }
}
