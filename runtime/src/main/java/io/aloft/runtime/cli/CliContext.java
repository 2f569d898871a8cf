package io.aloft.runtime.cli;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.app.Actor;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.LoadedPlugins;
import io.aloft.runtime.app.Plugins;
import io.aloft.runtime.config.AloftConfig;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What every command gets: the configuration read once at start, the console, and the composition root's
 * store and application services opened on first use (so {@code aloft config} works without a database).
 */
public final class CliContext implements AutoCloseable {

  private final AloftConfig config;
  private final PrintWriter out;
  private final PrintWriter err;
  private Aloft aloft;
  /** Whether {@link #aloft} was opened here (and is closed here), rather than lent by a running daemon. */
  private final boolean ownsStore;
  private final Deque<Runnable> atExit = new ArrayDeque<>();
  private Thread exitHook;
  private LoadedPlugins loadedPlugins;
  private java.nio.file.Path shims;
  /** Whether {@link #loadedPlugins} was lent by the daemon's CLI server (and is not closed here). */
  private boolean sharedPlugins;

  public CliContext(AloftConfig config, PrintWriter out, PrintWriter err) {
    this.config = config;
    this.out = out;
    this.err = err;
    this.ownsStore = true;
  }

  private CliContext(Aloft daemonStore, PrintWriter out, PrintWriter err) {
    this.config = daemonStore.config();
    this.out = out;
    this.err = err;
    this.aloft = daemonStore;
    this.ownsStore = false;
  }

  /**
   * A context for one command that a running daemon answers for the CLI ({@link CliSocketServer}): its store is the
   * daemon's, already open, and stays open when this context closes.
   */
  static CliContext over(Aloft daemonStore, PrintWriter out, PrintWriter err) {
    return new CliContext(daemonStore, out, err);
  }

  /**
   * {@link #over(Aloft, PrintWriter, PrintWriter)} with the plugins' commands already loaded by the daemon's CLI
   * server once for all calls (it only parses with them, to tell a plugin's command from a mistyped one); they stay
   * loaded when this context closes.
   */
  static CliContext over(Aloft daemonStore, PrintWriter out, PrintWriter err, LoadedPlugins shared) {
    CliContext c = new CliContext(daemonStore, out, err);
    c.loadedPlugins = shared;
    c.sharedPlugins = true;
    return c;
  }

  public AloftConfig config() {
    return config;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  /**
   * The store (and nothing else) of this Aloft home, opened once. Should the JVM be stopped (Ctrl-C,
   * SIGTERM) while it is open, the steps of {@link #beforeStoreClosesAtExit} run first, then it closes.
   */
  public synchronized Aloft aloft() {
    if (aloft == null) {
      aloft = Aloft.openStore(config).closedAtExitByCaller();
      exitHook = Thread.ofPlatform().name("aloft-shutdown").unstarted(this::exit);
      Runtime.getRuntime().addShutdownHook(exitHook);
    }
    return aloft;
  }

  /** The application services over this home's store (opened on first use, see {@link #aloft}). */
  public Application app() {
    return aloft().app();
  }

  /**
   * The plugins of this home, loaded once for this command with their CLI commands; a command that touches its
   * plugin's tables opens the store then. Unloaded when this context closes.
   */
  public synchronized LoadedPlugins loadedPlugins() {
    if (loadedPlugins == null) {
      try {
        shims = java.nio.file.Files.createTempDirectory("aloft-cli-plugins-");
      } catch (java.io.IOException e) {
        throw new CliException("cannot create a temporary folder for the plugins' Python shims: " + e.getMessage());
      }
      loadedPlugins = Aloft.loadPlugins(config, shims, this::aloft);
    }
    return loadedPlugins;
  }

  /** Who runs this command, for the audit log: {@code cli:<OS user>}. */
  public Actor actor() {
    return Actor.cli(System.getProperty("user.name"));
  }

  /** The plugins of this home; needs no database. */
  public Plugins plugins() {
    return Aloft.plugins(config);
  }

  /**
   * Work to finish at JVM exit while the store is still open (the daemon stops its tries, which record their
   * end); the last one registered runs first.
   */
  public synchronized void beforeStoreClosesAtExit(Runnable step) {
    atExit.push(step);
  }

  private void exit() {
    List<Runnable> steps;
    synchronized (this) {
      steps = List.copyOf(atExit);
      atExit.clear();
    }
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        err.println("aloft: while stopping: " + e);
      }
    }
    close();
  }

  @Override
  public synchronized void close() {
    if (exitHook != null && Thread.currentThread() != exitHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(exitHook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or about to: it closes the store after its steps.
        return;
      }
    }
    exitHook = null;
    if (loadedPlugins != null && !sharedPlugins) {
      loadedPlugins.close();
      loadedPlugins = null;
      org.apache.commons.io.FileUtils.deleteQuietly(shims.toFile());
    }
    if (aloft != null && ownsStore) {
      aloft.close();
      aloft = null;
    }
  }
}
