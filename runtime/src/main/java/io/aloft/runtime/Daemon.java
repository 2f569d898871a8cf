package io.aloft.runtime;

import io.aloft.runtime.app.LoadedOperators;
import io.aloft.runtime.app.OperatorDagRuns;
import io.aloft.runtime.app.PluginExtensions;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.dagfile.DagFileProcessor;
import io.aloft.runtime.dagfile.DagFolderEvents;
import io.aloft.runtime.execution.GraalPythonInvoker;
import io.aloft.runtime.execution.PythonInvoker;
import io.aloft.runtime.execution.TaskExecutor;
import io.aloft.runtime.execution.builtin.CrossDagRuns;
import io.aloft.runtime.execution.template.TemplateRenderer;
import io.aloft.runtime.metrics.Metrics;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.plugins.PluginHost;
import io.aloft.runtime.python.PythonHost;
import io.aloft.runtime.python.worker.PythonWorkers;
import io.aloft.runtime.scheduler.ScheduledRuns;
import io.aloft.runtime.scheduler.SchedulerLoop;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.scheduler.WakeListener;
import io.aloft.runtime.store.WorkerStore;
import io.aloft.runtime.web.WebServer;
import io.aloft.runtime.worker.ClaimLoop;
import io.aloft.runtime.worker.ComponentHeartbeats;
import io.aloft.runtime.worker.DagVersions;
import io.aloft.runtime.worker.LogShipper;
import io.aloft.runtime.worker.LostWorkers;
import io.aloft.runtime.worker.WorkNotice;
import io.aloft.runtime.worker.WorkerRegistration;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * folder sync, the executor and the scheduler — and, when {@link Options#webServer} asks, the web server. Started
 * in that order and closed in reverse. Part of the composition root: see {@link Aloft}.
 */
public final class Daemon implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  /**
   * What to start besides the engine.
   *
   * @param watchDagsFolder parse the DAGs folder in the background, the first pass included, then keep watching it
   *     (file events, or a listing every 2 s where they cannot be trusted: {@code DagFolderEvents}): the scheduler
   *     and the web server start without waiting for the first pass (a long-running daemon answers within seconds
   *     whatever the number of DAG files, and the UI says that parsing goes on). Without it, the first
   *     pass is done before {@code start} returns (tests, {@code dags test}, benchmarks that need every DAG loaded)
   * @param webServer start the web UI and REST API ({@link Aloft#web}) last, and stop it first
   * @param scheduler run the scheduler: its loop, the DAG-folder sync, the triggerer, the watch over the workers'
   *     heartbeats and the retention ({@code aloft scheduler})
   * @param worker claim and run tries ({@code aloft worker}); without {@code scheduler}, on a claim loop of its own,
   *     shipping its try logs to the database unless it also serves the web UI
   * @param queues the queues whose tries it runs; empty: every queue (Airflow's LocalExecutor ignores queues)
   * @param concurrency tries it runs at once; 0: the {@code parallelism} setting
   */
  public record Options(boolean watchDagsFolder, boolean webServer, boolean scheduler, boolean worker,
      Optional<java.util.Set<String>> queues, int concurrency) {

    /** Everything in one process, every queue: what {@code aloft standalone} runs and tests use. */
    public Options(boolean watchDagsFolder, boolean webServer) {
      this(watchDagsFolder, webServer, true, true, Optional.empty(), 0);
    }

    public Options {
      if (!scheduler && !worker && !webServer) {
        throw new IllegalArgumentException("a daemon runs the scheduler, a worker or the web server, or several");
      }
    }
  }

  private final Aloft aloft;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  /** The first closeables are the {@link Engine}'s (operators, Python pool), closed by whoever made the engine. */
  private static final int ENGINE_PARTS = 2;
  private final OperatorRegistry registry;
  private final PluginHost plugins;
  private final PythonHost pythonPool;
  private final DagFileProcessor processor;
  private final DagSync dagSync;
  private volatile TaskExecutor executor;
  private final SchedulerLoop scheduler;
  /** The DAG-folder sync's view of PostgreSQL: an outage is logged once, not every two seconds. */
  private final io.aloft.runtime.store.StoreOutage syncOutage = new io.aloft.runtime.store.StoreOutage(LOG, "the DAG-folder sync");
  private final Optional<WebServer> web;
  private final PluginExtensions extensions;
  private final Metrics metrics;

  /**
   * What the daemon needs before it has a store: the GraalPy contexts, which start warming in the
   * background at once, and the operators (built-in and plugins). Creating the first context is the longest step
   * of a cold start, so {@link #startOpeningStore} overlaps it with starting the database.
   */
  private static final class Engine implements AutoCloseable {
    private final LoadedOperators operators;
    private final PythonHost pythonPool;

    private Engine(AloftConfig config, Supplier<CrossDagRuns> crossDagRuns) {
      // The first Python worker (its JVM and context) warms up while the plugins load; their Python shims join its
      // path afterwards. DAG files and Python tasks run in those worker processes, never in this JVM.
      pythonPool = PythonWorkers.start(config, List.of());
      try {
        operators = LoadedOperators.load(config, config.home().resolve("python-shims"), crossDagRuns);
      } catch (RuntimeException e) {
        pythonPool.close();
        throw e;
      }
      operators.plugins().problems().forEach(p -> LOG.warn("Plugin problem: {}", p));
      pythonPool.extendPythonPath(operators.plugins().pythonShimFolders());
    }

    @Override
    public void close() {
      pythonPool.close();
      operators.close();
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
      // The cross-DAG operators ask the store only when a task runs, long after the store is open.
      engine = new Engine(config, () -> new OperatorDagRuns(store.join().stores(), store.join().app()));
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
    // Checked before anything starts: a value out of range stops the start with what to fix.
    var priority = io.aloft.runtime.scheduler.SchedulerPriority.of(config.setting("scheduler_nice"),
        config.setting("scheduler_realtime"), aloft.database().embedded());
    privateDataDirectory(config);
    registry = engine.operators.registry();
    plugins = engine.operators.plugins();
    closeables.add(engine.operators);
    // The plugins' own tables are migrated before any of their operators, routes or pages runs.
    extensions = aloft.pluginExtensions(plugins);
    pythonPool = engine.pythonPool;
    closeables.add(pythonPool);
    processor = new DagFileProcessor(pythonPool, registry, config.dagImportTimeout());
    // One Metrics for the whole daemon: the engine records into it, the web server serves it on /metrics.
    metrics = Metrics.prometheus();
    metrics.poolsFrom(() -> aloft.app().pools().list().stream()
        .map(p -> new Metrics.PoolSlots(p.name(), p.open(), p.running(), p.queued())).toList());
    metrics.importErrorsFrom(() -> aloft.app().importErrors().files().size());
    dagSync =
        new DagSync(processor, aloft.stores(), config.dagsFolder(), aloft.clock(),
            config.dags().pausedAtCreation(), metrics, aloft.app().dagParsing());
    int sealed = aloft.stores().variables().sealClear(); // values an older Aloft stored in clear
    if (sealed > 0) {
      LOG.info("Encrypted {} variable value(s) stored in clear", sealed);
    }
    if (!options.scheduler()) {
      pythonPool.warmTheRest(); // nothing to parse here: a worker's Python tasks find every worker warm
    } else if (!options.watchDagsFolder()) {
      firstPass(false);
    }

    // The signal was created first, by the root: the executor wakes the scheduler through it when a try ends.
    SchedulerSignal signal = aloft.schedulerSignal();
    String hostname = hostname();
    // A worker without the scheduler loads its own copy of the DAGs folder: it checks it is the parsed version.
    PythonInvoker python = new GraalPythonInvoker(pythonPool, options.scheduler() ? GraalPythonInvoker.FileCheck.NONE
        : new DagVersions(aloft.stores().dags()::codeHash, Duration.ofSeconds(20), hostname));
    WorkerStore workers = new WorkerStore(aloft.stores().jdbi());
    int concurrency = options.concurrency() > 0 ? options.concurrency() : config.parallelism();
    // A process that only schedules claims nothing (an empty set of queues); a worker claims its queues, or all.
    java.util.Set<String> claimed = !options.worker() ? java.util.Set.of() : options.queues().orElse(null);
    if (options.worker()) {
      // Registered before the first claim, and closed after the executor: a scheduler never takes it for lost.
      closeables.add(WorkerRegistration.start(workers, aloft.clock(), hostname, options.queues(), concurrency,
          () -> executor == null ? 0 : executor.activeTries()));
      if (!options.webServer()) {
        // The web server runs elsewhere: it reads this worker's try logs from the database. Closed after the
        // executor, so the last lines go too.
        closeables.add(new LogShipper(workers, aloft.logFiles(), hostname, aloft.clock()).start());
      }
    }
    ClaimLoop[] claimLoop = new ClaimLoop[1];
    executor =
        new TaskExecutor(
            aloft.stores(), registry, python, new TemplateRenderer(aloft.clock()), aloft.logFiles(), aloft.clock(),
            config.settings(), hostname, concurrency, () -> {
              signal.wake();
              if (claimLoop[0] != null) {
                claimLoop[0].slotFreed(); // claims if queued tries may wait for the slot
              }
            }, metrics, claimed);
    closeables.add(executor);
    if (options.worker()) {
      // Every process that runs tasks (worker, standalone): plugins' background work, before the first claim.
      closeables.add(io.aloft.runtime.plugins.PluginBackground.start(plugins.extensions(),
          io.aloft.runtime.plugins.PluginBackground.services(config.settings(), config.home(),
              id -> io.aloft.runtime.plugins.PluginSchemas.database(aloft.stores().jdbi(), id))));
    }
    // When workers elsewhere run (some) tries, each pass tells them that tries wait, so they claim at once.
    SchedulerLoop.Executor driven =
        options.worker() && options.queues().isEmpty() ? executor : new WorkNotice(executor, aloft.stores().jdbi());
    scheduler =
        new SchedulerLoop(
            aloft.stores(),
            options.scheduler() ? aloft.database().dedicated("aloft-scheduler") : aloft.stores().jdbi(), aloft.clock(), driven, new ScheduledRuns(aloft.stores()), Duration.ofSeconds(1), signal,
            metrics);
    OrphanedTries orphans = new OrphanedTries(aloft.stores(), aloft.clock(), registry, new io.aloft.runtime.execution.LeftWork(
        aloft.stores(), registry, aloft.logFiles(), aloft.clock(), config.settings()));
    if (options.scheduler() || options.worker()) {
      orphans.recover(executor.hostname());
    }
    if (options.worker() && !options.scheduler()) {
      claimLoop[0] = new ClaimLoop(executor::claimAndStart, executor::freeSlots);
      closeables.add(claimLoop[0]);
      closeables.add(new WakeListener(aloft.database().dataSource(), WorkNotice.CHANNEL, claimLoop[0]::wake));
    }
    if (options.scheduler()) {
      scheduler.prioritise(priority);
      scheduler.start();
      closeables.add(scheduler);
      // Deferred tasks wait here, not in a try: the triggerer fires their triggers and wakes the scheduler.
      io.aloft.runtime.trigger.Triggerer triggerer = new io.aloft.runtime.trigger.Triggerer(
          new io.aloft.runtime.store.TriggerStore(aloft.stores().jdbi()), aloft.stores().runs(), aloft.clock(),
          executor.hostname(), signal::wake, new io.aloft.runtime.trigger.PythonTriggerRuns(pythonPool,
          aloft.stores().variables(), aloft.stores().connections()));
      triggerer.start();
      closeables.add(triggerer);
      closeables.add(new WakeListener(aloft.database().dataSource(), scheduler::wake));
      closeables.add(new LostWorkers(workers, aloft.clock(), workerTimeout(config), orphans::endTriesOf).start());
      // A web server in another process reads these for /health.
      closeables.add(new ComponentHeartbeats(workers, aloft.clock(), hostname, java.util.Map.of(
          WorkerStore.SCHEDULER, signal::lastPass, WorkerStore.TRIGGERER, triggerer::lastPass)).start());
    }
    ScheduledExecutorService watcher = null;
    if (options.scheduler() && options.watchDagsFolder()) {
      aloft.app().dagParsing().scanning();
      watcher =
          Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("aloft-dag-watcher").daemon().factory());
      closeables.add(watcher::shutdownNow);
    }
    retention(config).filter(days -> options.scheduler()).ifPresent(days -> {
      ScheduledExecutorService cleaner =
          Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("aloft-retention").daemon().factory());
      // first after the start has settled, then once a day
      cleaner.scheduleWithFixedDelay(() -> clean(days), 10, 24 * 60, TimeUnit.MINUTES);
      closeables.add(cleaner::shutdownNow);
    });
    if (options.webServer()) {
      WebServer server;
      try {
        server = aloft.web(extensions, metrics).start();
      } catch (RuntimeException e) {
        closeFrom(ENGINE_PARTS); // the caller closes the engine's parts
        throw e;
      }
      closeables.add(server::stop);
      web = Optional.of(server);
    } else {
      web = Optional.empty();
    }
    if (watcher != null) {
      // The first pass runs on the watcher's thread, once the web server answers, then the periodic re-syncs: with a
      // thousand files it takes half a minute or more, which the scheduler (for the DAGs already stored) and the web
      // server need not wait for, and started earlier it would slow their start on a small machine.
      Duration listEvery = config.durationSetting("dag_dir_list_interval").orElse(Duration.ofSeconds(30));
      watcher.execute(() -> watchFolder(listEvery));
    }
  }

  /** How often the watcher looks: file events, parse requests and deleted DAGs are acted on within this. */
  private static final Duration CHECK_EVERY = Duration.ofSeconds(2);
  /** A burst of file events (a save, a checkout) is one listing once no event came for this long. */
  private static final Duration SETTLE = Duration.ofMillis(200);

  /**
   * The watcher's thread: the first pass, then every {@link #CHECK_EVERY} a look. Where file events can be trusted
   * ({@link DagFolderEvents}) a look lists the folder only when an event came, a listing failed (PostgreSQL away) or
   * {@code listEvery} passed since the last one, and otherwise asks the store only for parse requests and deleted
   * DAGs; elsewhere each look lists the folder, as before events. Ends when the daemon stops (interrupt).
   */
  private void watchFolder(Duration listEvery) {
    // opened before the first listing: a file written while it runs makes an event for the next look
    Optional<DagFolderEvents> events = DagFolderEvents.open(aloft.config().dagsFolder());
    try {
      boolean listAgain = !firstPass(true);
      long listedAt = System.nanoTime();
      while (!Thread.currentThread().isInterrupted()) {
        boolean changed;
        if (events.isPresent()) {
          changed = events.get().await(CHECK_EVERY, SETTLE);
        } else {
          Thread.sleep(CHECK_EVERY.toMillis());
          changed = true;
        }
        boolean list = changed || listAgain || System.nanoTime() - listedAt >= listEvery.toNanos();
        listAgain = !resync(list) && list;
        if (list) {
          listedAt = System.nanoTime();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the daemon stops
    } finally {
      events.ifPresent(DagFolderEvents::close);
    }
  }

  /** The data directory holds logs and env files with secrets: only its owner may enter it. */
  private static void privateDataDirectory(AloftConfig config) {
    try {
      io.aloft.runtime.execution.PrivateFiles.createPrivateDirectory(config.home());
      io.aloft.runtime.execution.PrivateFiles.createPrivateDirectory(config.logsFolder());
    } catch (java.io.IOException | UnsupportedOperationException e) {
      LOG.warn("Cannot make the data directory {} private (mode 700): {}", config.home(), e.toString());
    }
  }

  /** How long a worker may go without a heartbeat before a scheduler ends its tries ({@code worker_timeout}). */
  private static Duration workerTimeout(AloftConfig config) {
    return Duration.ofSeconds(config.setting("worker_timeout").filter(s -> !s.isBlank()).map(Integer::parseInt).orElse(30));
  }

  private static Optional<Integer> retention(AloftConfig config) {
    return config.setting("retention_days").filter(s -> !s.isBlank()).map(Integer::parseInt);
  }

  /** The daily retention: what {@code aloft db clean --clean-before-timestamp <now - days> -y} does. */
  private void clean(int days) {
    try {
      var r = aloft.app().dbClean().clean(
          io.aloft.runtime.app.Actor.SYSTEM, aloft.clock().instant().minus(Duration.ofDays(days)), List.of(), false);
      LOG.info("Retention ({} days): deleted {} and {} log file(s)", days, r.rows(), r.logFiles());
    } catch (RuntimeException e) {
      LOG.error("the daily retention clean failed (it tries again tomorrow): {}", e.toString(), e);
    }
  }

  /** Starts the engine over an opened store. */
  public static Daemon start(Aloft aloft, Options options) {
    Engine engine = new Engine(aloft.config(), () -> new OperatorDagRuns(aloft.stores(), aloft.app()));
    try {
      return new Daemon(aloft, engine, options);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  /**
   * The first pass over the DAGs folder, then the other Python workers: on a small machine (fewer than {@link
   * #CORES_FOR_EARLY_WORKERS} cores) they would compete with the pass for the processors, since warming one costs
   * seconds of CPU. With the cores they warm beside the pass and take files from it as soon as they are ready (the
   * pass hands files to whichever worker is free). A pass that fails (PostgreSQL away) is retried by the watcher's
   * next re-sync.
   */
  private boolean firstPass(boolean inBackground) {
    long start = System.nanoTime();
    if (Runtime.getRuntime().availableProcessors() >= CORES_FOR_EARLY_WORKERS) {
      pythonPool.warmTheRest();
    }
    try {
      int parsed = dagSync.sync();
      LOG.info("Parsed {} DAG file(s) from {} in {} ms", parsed, aloft.config().dagsFolder(),
          (System.nanoTime() - start) / 1_000_000);
      if (parsed > 0 && inBackground) {
        scheduler.wake();
      }
      return true;
    } catch (RuntimeException e) {
      if (!inBackground) {
        throw e; // before start returns: the caller hears of it
      }
      LOG.error("the first pass over the DAGs folder failed (tried again in 2 s): {}", e.toString(), e);
      return false;
    } finally {
      pythonPool.warmTheRest();
    }
  }

  /**
   * From how many cores the other Python workers warm up during the first pass instead of after it: with two, the
   * daemon's JVM, PostgreSQL and the one parsing worker already share them, and a second worker's warm-up would
   * slow the pass and the start of the web server rather than speed the pass up.
   */
  private static final int CORES_FOR_EARLY_WORKERS = 4;

  /**
   * One look of the watcher: a whole pass ({@code list}) or only the store's parse requests and deleted DAGs.
   *
   * @return false when it failed (logged once per PostgreSQL outage): the next look lists the folder again
   */
  private boolean resync(boolean list) {
    try {
      if ((list ? dagSync.sync() : dagSync.syncRequested()) > 0) {
        scheduler.wake();
      }
      syncOutage.recovered();
      return true;
    } catch (RuntimeException e) {
      if (!syncOutage.failed(e)) {
        LOG.error("syncing the DAGs folder failed: {}", e.toString(), e);
      }
      return false;
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

  /** The web server, when {@link Options#webServer} asked for it. */
  public Optional<WebServer> web() {
    return web;
  }

  /** What {@code /metrics} serves. */
  public Metrics metrics() {
    return metrics;
  }

  public SchedulerLoop scheduler() {
    return scheduler;
  }

  public TaskExecutor executor() {
    return executor;
  }

  /** This process's name in the {@code worker} table and on its tries ({@code host:pid}). */
  public String workerName() {
    return executor.hostname();
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
    closeFrom(0);
  }

  private void closeFrom(int first) {
    for (int i = closeables.size() - 1; i >= first; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        LOG.warn("stopping {}: {}", closeables.get(i), e.toString());
      }
    }
  }
}
