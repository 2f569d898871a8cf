package io.aloft.runtime;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.dagfile.DagFileProcessor;
import io.aloft.runtime.execution.GraalPythonInvoker;
import io.aloft.runtime.execution.PythonInvoker;
import io.aloft.runtime.execution.TaskExecutor;
import io.aloft.runtime.execution.builtin.BuiltinOperators;
import io.aloft.runtime.execution.template.TemplateRenderer;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.plugins.PluginHost;
import io.aloft.runtime.python.PythonContextPool;
import io.aloft.runtime.scheduler.ScheduledRuns;
import io.aloft.runtime.scheduler.SchedulerLoop;
import io.aloft.runtime.scheduler.WakeListener;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: the store, operators (built-in and plugins), warm Python contexts, the DAG
 * folder sync, the executor and the scheduler — and, in standalone mode, the web server. Started in
 * that order and closed in reverse.
 */
public final class Daemon implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  /** What to start besides the engine. */
  public record Options(boolean watchDagsFolder, boolean webServer) {}

  private final Aloft aloft;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final OperatorRegistry registry;
  private final PluginHost plugins;
  private final PythonContextPool pythonPool;
  private final DagFileProcessor processor;
  private final DagSync dagSync;
  private final TaskExecutor executor;
  private final SchedulerLoop scheduler;

  /**
   * What the daemon needs before it has a store: the GraalPy contexts, which start warming in the
   * background at once, and the operators (built-in and plugins). Creating the first context is the longest step
   * of a cold start, so {@link #startOpeningStore} overlaps it with starting the database.
   */
  public static final class Engine implements AutoCloseable {
    private final OperatorRegistry registry = new OperatorRegistry();
    private final PluginHost plugins;
    private final PythonContextPool pythonPool;
    private volatile BuiltinOperators.LatestRunCheck latestRunCheck = (dagId, runId) -> true;

    private Engine(AloftConfig config) {
      // The first context warms up while the plugins load; their Python shims join its path afterwards.
      pythonPool = PythonContextPool.start(config, List.of());
      try {
        registry.register("builtin", new BuiltinOperators((d, r) -> latestRunCheck.isLatest(d, r)).operators());
        BundledPlugins.stage(config);
        plugins = PluginHost.load(config.pluginsFolder(), config.home().resolve("python-shims"), registry);
      } catch (RuntimeException e) {
        pythonPool.close();
        throw e;
      }
      plugins.problems().forEach(p -> LOG.warn("Plugin problem: {}", p));
      pythonPool.extendPythonPath(plugins.pythonShimFolders());
    }

    /** Loads the plugins and starts warming the Python contexts. */
    public static Engine prepare(AloftConfig config) {
      return new Engine(config);
    }

    @Override
    public void close() {
      pythonPool.close();
      plugins.close();
    }
  }

  /**
   * Opens the store on another thread while this one prepares the {@link Engine}, then starts the daemon:
   * the embedded database and the first GraalPy context start side by side. {@code openStore} is usually
   * {@code () -> Aloft.openStore(config)}; the caller owns (and closes) the store it returns.
   */
  public static Daemon startOpeningStore(AloftConfig config, Supplier<Aloft> openStore, Options options) {
    CompletableFuture<Aloft> store =
        CompletableFuture.supplyAsync(openStore, work -> Thread.ofPlatform().name("aloft-store-open").start(work));
    Engine engine;
    try {
      engine = Engine.prepare(config);
    } catch (RuntimeException e) {
      store.thenAccept(Aloft::close); // nobody else will get to close it
      throw e;
    }
    try {
      return new Daemon(store.join(), engine, options);
    } catch (RuntimeException e) {
      engine.close();
      throw e instanceof CompletionException && e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private Daemon(Aloft aloft, Engine engine, Options options) {
    this.aloft = aloft;
    AloftConfig config = aloft.config();
    registry = engine.registry;
    engine.latestRunCheck = aloft.stores().runs()::isLatestScheduled;
    plugins = engine.plugins;
    closeables.add(plugins);
    pythonPool = engine.pythonPool;
    closeables.add(pythonPool);
    processor = new DagFileProcessor(pythonPool, registry, config.dagImportTimeout());
    dagSync =
        new DagSync(processor, aloft.stores(), config.dagsFolder(), aloft.clock(),
            Boolean.parseBoolean(config.setting("dags_are_paused_at_creation").orElse("false")));
    int parsed = dagSync.sync();
    LOG.info("Parsed {} DAG file(s) from {}", parsed, config.dagsFolder());
    pythonPool.warmTheRest();

    PythonInvoker python = new GraalPythonInvoker(pythonPool);
    executor =
        new TaskExecutor(
            aloft.stores(), registry, python, new TemplateRenderer(aloft.clock()), aloft.logFiles(), aloft.clock(),
            config.settings(), hostname(), config.parallelism());
    closeables.add(executor);
    scheduler =
        new SchedulerLoop(aloft.stores(), aloft.clock(), executor, new ScheduledRuns(aloft.stores()), Duration.ofSeconds(1));
    executor.onTryEnded(scheduler::wake);
    aloft.onLocalWake(scheduler::wake);
    new OrphanedTries(aloft.stores(), aloft.clock(), registry).recover(executor.hostname());
    scheduler.start();
    closeables.add(scheduler);
    closeables.add(new WakeListener(aloft.database().dataSource(), scheduler::wake));
    if (options.watchDagsFolder()) {
      ScheduledExecutorService watcher =
          Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("aloft-dag-watcher").daemon().factory());
      watcher.scheduleWithFixedDelay(this::resync, 2, 2, TimeUnit.SECONDS);
      closeables.add(watcher::shutdownNow);
    }
  }

  /** Starts the engine over an opened store. */
  public static Daemon start(Aloft aloft, Options options) {
    Engine engine = Engine.prepare(aloft.config());
    try {
      return new Daemon(aloft, engine, options);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  private void resync() {
    try {
      if (dagSync.sync() > 0) {
        scheduler.wake();
      }
    } catch (RuntimeException e) {
      LOG.error("syncing the DAGs folder failed: {}", e.toString(), e);
    }
  }

  public Aloft aloft() {
    return aloft;
  }

  public DagSync dagSync() {
    return dagSync;
  }

  /** Blocks until every Python context is warm and has its preloads (benchmarks); false on timeout. */
  public boolean awaitPythonWarm(Duration timeout) throws InterruptedException {
    return pythonPool.awaitWarm(timeout);
  }

  public DagFileProcessor processor() {
    return processor;
  }

  public PluginHost plugins() {
    return plugins;
  }

  public OperatorRegistry registry() {
    return registry;
  }

  public SchedulerLoop scheduler() {
    return scheduler;
  }

  public TaskExecutor executor() {
    return executor;
  }

  private static String hostname() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        LOG.warn("stopping {}: {}", closeables.get(i), e.toString());
      }
    }
  }
}
