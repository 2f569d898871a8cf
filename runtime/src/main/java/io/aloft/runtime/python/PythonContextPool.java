package io.aloft.runtime.python;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.EffectiveConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GraalPy host in this JVM: a fixed number of warm contexts, each with the {@code airflow} package already
 * imported, shared by DAG-file parsing ({@code dagfile.DagFileProcessor}) and Python task runs ({@code
 * execution.GraalPythonInvoker}). The daemon runs it inside its worker processes ({@code python.worker}); in the
 * daemon's own JVM only with {@code python_workers=0}, where a file that kills its process kills the daemon. Creating a context and importing costs
 * seconds in interpreter mode; evaluating a DAG file in a warm one costs milliseconds, so contexts are reused
 * and only replaced when a call is stopped (time limit, cancellation, {@code exit}).
 *
 * <p>Sandbox: Python code cannot look up, load or reach Java host classes or objects, other languages or native
 * code, whatever it imports or compiles, because each context is built without those accesses (not because of
 * any check of module names or file names), and it cannot exit the JVM; Python file, subprocess, environment and network access stay as in Airflow. Isolation:
 * a context in which a file or task changed shared state is discarded after the call ({@code
 * airflow.sdk._isolation}), so the next file gets one that no other file's top-level code has changed.
 *
 * <p>Threading: thread-safe. Python runs on the pool's own platform threads (GraalPy contexts are entered
 * by one thread at a time); callers, virtual threads included, block until their call ends. Lifecycle:
 * contexts warm up in the background from construction; {@link #close} stops them all.
 *
 * <pre>{@code
 * try (PythonContextPool pool = PythonContextPool.start(config, List.of())) {
 *   String json = pool.submit(ctx -> ctx.evaluateDagFile(source, filename, DagModules.name(file, hash)),
 *       config.dagImportTimeout()).await();
 * }
 * }</pre>
 */
public final class PythonContextPool implements PythonHost {

  private static final Logger LOG = LoggerFactory.getLogger(PythonContextPool.class);

  // Runs once per context: import the package and hand the entry points to Java. Nothing here guards the Java
  // host: the context's configuration does (see newContext), whatever the Python code imports or compiles.
  private static final String BOOTSTRAP =
      """
      import os, sys
      import importlib
      import airflow
      import airflow.decorators, airflow.operators.bash, airflow.operators.empty, airflow.operators.python
      from airflow import _paths
      from airflow.sdk import _isolation, _serialize
      _isolation.watch()
      (_serialize.evaluate, importlib.import_module, _paths.add, _isolation.watch, _isolation.changed)
      """;

  /** Made on the warm-up thread with the first context, so that the caller's thread goes on at once. */
  private volatile Engine engine;
  private final AtomicBoolean restStarted = new AtomicBoolean();
  private volatile boolean preloaded;
  private final List<String> basePath;
  /** Folders added after the start ({@link #extendPythonPath}), and how often they changed. */
  private volatile List<String> extraPath = List.of();
  private final AtomicInteger pathGeneration = new AtomicInteger();
  private final AtomicInteger discarded = new AtomicInteger();
  private final int size;
  private final LinkedBlockingQueue<WarmContext> idle = new LinkedBlockingQueue<>();
  private final List<WarmContext> all = new ArrayList<>();
  private final ExecutorService creator;
  private final ExecutorService workers;
  private final ScheduledExecutorService timers;
  private final List<String> preloadModules;
  /** Variables added to each context's inherited environment (the effective config for airflow.configuration). */
  private final Map<String, String> environment;
  private volatile RuntimeException creationFailure;
  private volatile boolean closed;

  /**
   * Starts warming {@code size} contexts in the background.
   *
   * @param pythonPath directories on every context's module search path: the Aloft Python package first
   *     (see {@link PythonResources#locate}), then plugin shims
   * @param size how many contexts to keep (at least 1)
   * @param preloadModules modules to import into each context once it is warm and idle (e.g. {@code
   *     "pendulum"}, which costs seconds cold); empty for none
   */
  public PythonContextPool(List<Path> pythonPath, int size, List<String> preloadModules) {
    this(pythonPath, size, preloadModules, false, Map.of());
  }

  /**
   * @param holdRest warm only the first context now, and the others (and the preloads) once {@link
   *     #warmTheRest} is called: on a small machine they would compete for the processors with the first
   *     DAG files' parsing
   */
  private PythonContextPool(
      List<Path> pythonPath, int size, List<String> preloadModules, boolean holdRest, Map<String, String> environment) {
    if (size < 1) {
      throw new IllegalArgumentException("the Python context pool needs at least 1 context, got " + size);
    }
    this.size = size;
    this.basePath = absolute(pythonPath);
    this.creator = Executors.newSingleThreadExecutor(daemonThreads("aloft-python-warmup"));
    this.workers = Executors.newCachedThreadPool(daemonThreads("aloft-python"));
    this.timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("aloft-python-timer"));
    this.preloadModules = List.copyOf(preloadModules);
    this.environment = Map.copyOf(environment);
    creator.execute(() -> addContext(false));
    if (!holdRest) {
      warmTheRest();
    }
  }

  /**
   * Starts warming the contexts after the first, then preloads the modules; once only. A pool made by
   * {@link #start} waits for this call (the daemon makes it after its first pass over the DAGs folder).
   */
  @Override
  public void warmTheRest() {
    if (restStarted.compareAndSet(false, true) && !closed) {
      for (int i = 1; i < size; i++) {
        creator.execute(() -> addContext(false));
      }
      if (preloadModules.isEmpty()) {
        preloaded = true;
      } else {
        creator.execute(this::preloadIdleContexts);
      }
    }
  }

  /**
   * The pool as the daemon configures it: {@code config.pythonContexts()} contexts, the Aloft Python package
   * (extracted under {@code config.cacheFolder()} when running from a jar) plus {@code extraPythonPaths}, and
   * the task runner's module, pendulum and zoneinfo (pendulum's named zones) preloaded in the background (off
   * the parse path: they cost seconds in a fresh context).
   */
  public static PythonContextPool start(AloftConfig config, List<Path> extraPythonPaths) {
    Setup setup = setup(config, extraPythonPaths);
    return new PythonContextPool(setup.pythonPath(), config.pythonContexts(), setup.preloadModules(), true,
        setup.environment());
  }

  /**
   * A pool as a worker process configures it: the search path, the preloads and the environment come from the
   * daemon; with {@code holdRest}, only the first context warms now and the rest (and the preloads) on {@link
   * #warmTheRest}.
   */
  public static PythonContextPool of(
      List<Path> pythonPath, int size, List<String> preloadModules, Map<String, String> environment, boolean holdRest) {
    return new PythonContextPool(pythonPath, size, preloadModules, holdRest, environment);
  }

  /** The search path, preloads and environment {@link #start} gives a pool for {@code config}. */
  public static Setup setup(AloftConfig config, List<Path> extraPythonPaths) {
    List<Path> path = new ArrayList<>();
    path.add(PythonResources.locate(config.cacheFolder()));
    path.addAll(extraPythonPaths);
    path.addAll(config.pythonPath());
    return new Setup(path, List.of("airflow.sdk._runner", "pendulum", "zoneinfo"),
        Map.of(EffectiveConfig.VARIABLE, EffectiveConfig.json(config)));
  }

  /** What every context of the daemon's gets: its search path, its preloads, its added environment variables. */
  public record Setup(List<Path> pythonPath, List<String> preloadModules, Map<String, String> environment) {
    public Setup {
      pythonPath = List.copyOf(pythonPath);
      preloadModules = List.copyOf(preloadModules);
      environment = Map.copyOf(environment);
    }
  }

  @Override
  public PythonCall<String> evaluateDagFile(String source, String filename, String moduleName, Duration timeout) {
    return submit(ctx -> ctx.evaluateDagFile(source, filename, moduleName), timeout);
  }

  @Override
  public PythonCall<String> runTask(TaskCall task, TaskBridge bridge) {
    return submit(py -> {
      py.ensureLoaded(task.source(), task.filename(), task.moduleName());
      return py.runTask(task.moduleName(), task.dagId(), task.taskId(), task.requestJson(), bridge);
    }, null);
  }

  /**
   * Adds folders to every context's module search path (plugin shims, known only once the plugins are
   * loaded, which happens while the first context warms up). Contexts pick them up before their next call.
   */
  @Override
  public void extendPythonPath(List<Path> folders) {
    synchronized (pathGeneration) {
      List<String> all = new ArrayList<>(extraPath);
      absolute(folders).stream().filter(f -> !all.contains(f)).forEach(all::add);
      extraPath = List.copyOf(all);
      pathGeneration.incrementAndGet();
    }
  }

  private static List<String> absolute(List<Path> folders) {
    return folders.stream().map(p -> p.toAbsolutePath().toString()).toList();
  }

  /** Brings a context's search path up to date with {@link #extendPythonPath}; on the thread that uses it. */
  private void syncPath(WarmContext context) {
    int generation = pathGeneration.get();
    if (context.pathGeneration != generation) {
      context.addPaths.execute(String.join(":", extraPath));
      // The host changed the airflow packages' __path__ on purpose: that is the new pristine state, not a file's
      // tampering (without this, the first call after the plugins load discarded its warm context).
      context.watch.execute();
      context.pathGeneration = generation;
    }
  }

  /** How many contexts this pool keeps. */
  @Override
  public int size() {
    return size;
  }

  /**
   * Blocks until every context is warm and idle, preloads included (for benchmarks and tests); false on
   * timeout. For a pool made by {@link #start}, only after {@link #warmTheRest}.
   */
  @Override
  public boolean awaitWarm(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (all) {
        if (all.size() >= size && idle.size() >= size && preloaded) {
          return true;
        }
      }
      if (creationFailure != null) {
        throw creationFailure;
      }
      Thread.sleep(5);
    }
    return false;
  }

  /** Blocks until the first context is warm (a worker process says it is ready then); false on timeout. */
  public boolean awaitFirstContext(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (all) {
        if (!all.isEmpty()) {
          return true;
        }
      }
      if (creationFailure != null) {
        throw creationFailure;
      }
      Thread.sleep(5);
    }
    return false;
  }

  /**
   * Runs {@code work} in a warm context on a pool thread; {@code work} must not keep the context. With a
   * {@code timeout} (null for none), the context is closed when the work runs longer (the call then fails
   * with a {@link PythonStoppedException}); the context is replaced in the background.
   */
  public <T> PythonCall<T> submit(Function<WarmContext, T> work, Duration timeout) {
    PythonCall<T> call = new PythonCall<>();
    workers.execute(() -> runCall(call, work, timeout));
    return call;
  }

  private <T> void runCall(PythonCall<T> call, Function<WarmContext, T> work, Duration timeout) {
    WarmContext context;
    try {
      context = take();
    } catch (InterruptedException | RuntimeException e) {
      call.future.completeExceptionally(e instanceof RuntimeException r ? r : new IllegalStateException(e));
      return;
    }
    call.started(context);
    ScheduledFuture<?> timer =
        timeout == null
            ? null
            : timers.schedule(
                () -> call.stop(PythonStoppedException.Reason.TIMEOUT), timeout.toMillis(), TimeUnit.MILLISECONDS);
    T result = null;
    RuntimeException failure = null;
    try {
      syncPath(context);
      result = work.apply(context);
    } catch (PolyglotException e) {
      if (context.isCancelled() || e.isCancelled() || e.isExit() || e.isInternalError() || !e.isGuestException()
          || String.valueOf(e.getMessage()).contains("ThreadDeath")) {
        PythonStoppedException.Reason reason =
            call.stopReason() != null ? call.stopReason() : PythonStoppedException.Reason.EXITED;
        String message = e.isExit() ? "the Python code called exit(" + e.getExitStatus() + ")"
            : context.isCancelled() ? e.getMessage()
            : "the Python code stopped the interpreter (os._exit?): " + e.getMessage();
        PythonStoppedException stopped = new PythonStoppedException(reason, message);
        stopped.addSuppressed(PythonException.of(e));
        failure = stopped;
        context.cancel();
      } else {
        failure = PythonException.of(e); // plain data: it may have to cross to the daemon from a worker
      }
    } catch (RuntimeException e) {
      if (context.isCancelled()) {
        failure = new PythonStoppedException(
            call.stopReason() != null ? call.stopReason() : PythonStoppedException.Reason.CANCELLED,
            String.valueOf(e.getMessage()));
      } else {
        failure = e;
      }
    } catch (Error e) { // e.g. the host ran out of memory: the context's state is unknown, never reuse it
      context.cancel();
      failure = new PythonStoppedException(PythonStoppedException.Reason.EXITED, "the Python call failed: " + e);
    } finally {
      if (timer != null) {
        timer.cancel(false);
      }
      if (!context.isCancelled()) {
        discardIfChanged(context); // before the caller hears of the result: the next call gets a clean context
      }
      if (failure != null) {
        call.future.completeExceptionally(failure);
      } else {
        call.future.complete(result);
      }
      if (context.isCancelled()) {
        replace(context);
      } else {
        idle.add(context);
      }
    }
  }

  /**
   * Isolation between DAG files (and tasks): a context whose shared state the call changed (a monkeypatched
   * {@code airflow} class or module, {@code builtins}, the recursion limit, threads left running, a replaced
   * module) is closed instead of reused, so that no later file or task sees the change.
   */
  private void discardIfChanged(WarmContext context) {
    String change;
    try {
      change = context.changedState();
    } catch (RuntimeException e) {
      change = "the state check failed: " + e.getMessage();
    }
    if (change != null) {
      LOG.warn("Python code changed the interpreter's shared state ({}): its context is replaced, no other DAG "
          + "file or task will see the change", change);
      discarded.incrementAndGet();
      context.cancel();
    }
  }

  /** How many contexts were discarded because a call changed their shared state (for tests and benchmarks). */
  public int discardedForChanges() {
    return discarded.get();
  }

  private WarmContext take() throws InterruptedException {
    while (true) {
      if (closed) {
        throw new IllegalStateException("the Python context pool is closed");
      }
      RuntimeException failure = creationFailure;
      if (failure != null && idle.isEmpty()) {
        throw failure;
      }
      WarmContext context = idle.poll(100, TimeUnit.MILLISECONDS);
      if (context != null) {
        return context;
      }
    }
  }

  private void replace(WarmContext dead) {
    synchronized (all) {
      all.remove(dead);
    }
    if (!closed) {
      creator.execute(() -> addContext(true));
    }
  }

  /**
   * Imports the preload modules into each first-generation context while it is idle; a context busy with
   * real work is skipped until it comes back. Callers that need a context meanwhile find the others free.
   */
  private void preloadIdleContexts() {
    List<WarmContext> pending;
    synchronized (all) {
      pending = new ArrayList<>(all);
    }
    while (!pending.isEmpty() && !closed) {
      boolean progressed = false;
      for (WarmContext context : List.copyOf(pending)) {
        if (idle.remove(context)) {
          try {
            preload(context);
          } finally {
            idle.add(context);
          }
          pending.remove(context);
          progressed = true;
        }
      }
      if (!progressed) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
    preloaded = true;
  }

  private void preload(WarmContext context) {
    try {
      syncPath(context);
    } catch (RuntimeException e) {
      LOG.warn("could not extend the Python path: {}", e.getMessage());
    }
    for (String module : preloadModules) {
      try {
        context.importModule.execute(module);
      } catch (RuntimeException e) {
        LOG.warn("could not preload Python module {}: {}", module, e.getMessage());
      }
    }
    try {
      context.watch.execute(); // what the preloads brought is pristine too
    } catch (RuntimeException e) {
      LOG.warn("could not record the Python state after the preloads: {}", e.getMessage());
    }
  }

  private void addContext(boolean preload) {
    if (closed) {
      return;
    }
    try {
      long started = System.nanoTime();
      WarmContext context = newContext();
      LOG.info("GraalPy context ready in {} ms", (System.nanoTime() - started) / 1_000_000);
      if (preload) {
        preload(context);
      }
      synchronized (all) {
        if (closed) {
          context.close();
          return;
        }
        all.add(context);
      }
      idle.add(context);
    } catch (RuntimeException e) {
      if (closed) {
        return; // closing cancels contexts still warming up: nothing went wrong
      }
      LOG.error("cannot create a GraalPy context: {}", e.getMessage(), e);
      creationFailure = new IllegalStateException("cannot create a GraalPy context: " + e.getMessage(), e);
    }
  }

  /** A new sandboxed context with the airflow package imported. */
  private WarmContext newContext() {
    int generation = pathGeneration.get();
    List<String> path = new ArrayList<>(basePath);
    path.addAll(extraPath);
    if (engine == null) {
      engine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build();
      if (closed) { // close() ran meanwhile and may not have seen it
        closeEngine(engine);
        throw new IllegalStateException("the Python context pool is closed");
      }
    }
    // The Java host is out of reach by configuration alone (issue 17, item 8; HostAccessTest probes it): no Java
    // member of any host object is visible (HostAccess.NONE; the callbacks handed to Python are Proxy objects,
    // which need no host access), no class can be looked up (no lookup predicate at all: even an always-false
    // one switches GraalPy's host import machinery on) or loaded, no other language or the polyglot bindings
    // can be reached, no native code, no options for inner contexts, no experimental options.
    Context context =
        Context.newBuilder("python")
            .engine(engine)
            .allowAllAccess(false)
            .allowHostAccess(HostAccess.NONE)
            .allowHostClassLoading(false)
            .allowNativeAccess(false)
            .allowPolyglotAccess(PolyglotAccess.NONE)
            .allowInnerContextOptions(false)
            .allowExperimentalOptions(false)
            .allowCreateProcess(true)
            .allowCreateThread(true)
            .allowIO(IOAccess.ALL)
            .allowEnvironmentAccess(EnvironmentAccess.INHERIT)
            .environment(environment)
            .useSystemExit(false)
            .option("python.PythonPath", String.join(":", path))
            .option("python.DontWriteBytecodeFlag", "false")
            .build();
    try {
      Value entryPoints = context.eval(Source.create("python", BOOTSTRAP));
      WarmContext warm = new WarmContext(context, entryPoints);
      warm.pathGeneration = generation;
      return warm;
    } catch (RuntimeException e) {
      context.close(true);
      throw e;
    }
  }

  @Override
  public void close() {
    closed = true;
    creator.shutdownNow();
    timers.shutdownNow();
    List<WarmContext> contexts;
    synchronized (all) {
      contexts = new ArrayList<>(all);
      all.clear();
    }
    contexts.forEach(WarmContext::close);
    workers.shutdownNow();
    closeEngine(engine);
  }

  private static void closeEngine(Engine made) {
    if (made != null) {
      try {
        made.close(true);
      } catch (IllegalStateException alreadyClosed) {
        // Closed by the other thread of the race in newContext.
      }
    }
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String toString() {
    return "PythonContextPool[size=" + size + ", idle=" + idle.size() + ", path=" + basePath + extraPath + "]";
  }
}
