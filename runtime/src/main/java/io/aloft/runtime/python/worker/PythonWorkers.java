package io.aloft.runtime.python.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.python.PythonCall;
import io.aloft.runtime.python.PythonContextPool;
import io.aloft.runtime.python.PythonHost;
import io.aloft.runtime.python.PythonStoppedException;
import io.aloft.runtime.python.TaskBridge;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's Python host: supervised worker processes ({@link PythonWorkerMain}), each a child JVM with one warm
 * GraalPy context, that evaluate DAG files and run Python tasks. A worker runs one call at a time, so a call that
 * kills its process ({@code os.kill(os.getpid(), 9)}, {@code os._exit}), exhausts the worker's heap ({@code
 * python_worker_heap}) or hangs it ends that call alone, with {@link PythonStoppedException.Reason#WORKER_DIED};
 * the worker is started again (after a growing pause when it keeps dying) and the daemon, its other workers and
 * every other call go on.
 *
 * <p>Threading: thread-safe; a call blocks only its caller. Each worker has one reader thread, which also answers
 * the running task's callbacks (so they arrive in order). Lifecycle: the first worker starts in the background
 * when this is made, the others on {@link #warmTheRest} (after the first pass over the DAGs folder, as the
 * in-process pool's contexts); {@link #close} ends them all.
 */
public final class PythonWorkers implements PythonHost {

  private static final Logger LOG = LoggerFactory.getLogger(PythonWorkers.class);
  private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
  /** A cold JVM on a busy 2-core machine (the first context's warm-up comes after, with no limit). */
  private static final Duration CONNECT_LIMIT = Duration.ofSeconds(120);
  /** How long a worker has to stop a call it was told to stop before it is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /**
   * How long past its time limit a parse may go unanswered before its worker is killed: the worker times the call
   * itself from when it has a context, which can take a context's replacement (seconds on a busy machine) longer.
   */
  private static final Duration UNANSWERED_GRACE = Duration.ofSeconds(60);
  /**
   * System property: the worker JVMs' own start-up cache ({@code -XX:AOTCache}), which {@code scripts/lib/aot.sh}
   * records beside the daemon's. The daemon's cache holds the classes the daemon loads, not GraalPy's and
   * Truffle's, which only a worker loads: without its own cache a worker spent seconds loading and linking them.
   */
  public static final String AOT_CACHE_PROPERTY = "aloft.python.worker.aot";
  /**
   * System property, set only for the launcher's training run ({@code StartupTraining}): the first worker started
   * records the workers' start-up cache to this file ({@code -XX:AOTCacheOutput}) as it exits.
   */
  public static final String AOT_OUTPUT_PROPERTY = "aloft.python.worker.aot.output";
  /** How long a worker that records the start-up cache may take to write it after it is told to stop. */
  private static final Duration RECORDING_EXIT_LIMIT = Duration.ofMinutes(5);

  private final List<String> command;
  /** The command of the one worker that records the start-up cache (the training run), until it is used. */
  private final AtomicReference<List<String>> recordingCommand = new AtomicReference<>();
  private final PythonContextPool.Setup setup;
  private final Slot[] slots;
  /**
   * Idle workers, the most recently used first: a sequential workload (a chain of Python tasks, a folder pass)
   * stays on the worker that just ran, whose JIT-compiled interpreter, caches and loaded DAG modules are warm,
   * instead of alternating between JVMs that each warm up separately; concurrent calls still spread over all.
   */
  private final LinkedBlockingDeque<Slot> idle = new LinkedBlockingDeque<>();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("aloft-python-workers").daemon().factory());
  private final AtomicLong ids = new AtomicLong();
  private final AtomicBoolean restStarted = new AtomicBoolean();
  private final Object pathLock = new Object();
  private volatile List<String> extraPath = List.of();
  private volatile boolean closed;

  /**
   * Starts the first worker in the background.
   *
   * @param javaCommand the java command line up to the main class's arguments (see {@link #javaCommand})
   * @param size how many workers (each one call at a time)
   */
  public PythonWorkers(List<String> javaCommand, PythonContextPool.Setup setup, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("at least 1 Python worker is needed, got " + size);
    }
    this.command = List.copyOf(javaCommand);
    String recordTo = System.getProperty(AOT_OUTPUT_PROPERTY, "");
    if (!recordTo.isBlank()) {
      List<String> recording = new ArrayList<>(command);
      recording.removeIf(o -> o.startsWith("-XX:AOTCache="));
      recording.add(1, "-XX:AOTCacheOutput=" + recordTo);
      recordingCommand.set(List.copyOf(recording));
    }
    this.setup = setup;
    this.slots = new Slot[size];
    for (int i = 0; i < size; i++) {
      slots[i] = new Slot(i + 1);
    }
    slots[0].startSoon(Duration.ZERO);
  }

  /**
   * The daemon's Python host for {@code config}: {@code python_workers} worker processes (default: {@code
   * python_contexts}) of {@code python_worker_heap} each; with {@code python_workers=0} the in-process pool, where a
   * DAG file can kill or damage the daemon (for tests and debugging only).
   */
  public static PythonHost start(AloftConfig config, List<Path> extraPythonPaths) {
    int workers = workers(config);
    if (workers == 0) {
      LOG.warn("python_workers=0: DAG files and Python tasks run inside the daemon's JVM, where one that calls "
          + "os._exit or exhausts memory stops the daemon; unset ALOFT_PYTHON_WORKERS for the isolated default");
      return PythonContextPool.start(config, extraPythonPaths);
    }
    return new PythonWorkers(javaCommand(heap(config)), PythonContextPool.setup(config, extraPythonPaths), workers);
  }

  static int workers(AloftConfig config) {
    String value = config.setting("python_workers").map(String::strip).orElse("");
    if (value.isEmpty()) {
      return config.pythonContexts();
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("python_workers must be a number of worker processes (0 or more), got '"
        + value + "': set ALOFT_PYTHON_WORKERS=2, for example");
  }

  static String heap(AloftConfig config) {
    String value = config.setting("python_worker_heap").map(String::strip).filter(s -> !s.isEmpty()).orElse("1g");
    if (!HEAP.matcher(value).matches()) {
      throw new IllegalArgumentException("python_worker_heap must be a JVM heap size such as 1g or 768m, got '" + value
          + "': set ALOFT_PYTHON_WORKER_HEAP=1g, for example");
    }
    return value;
  }

  /**
   * The command that starts a worker: this JVM's java, class path and options (the GC and JIT choices), but its
   * own heap limit and start-up cache ({@link #AOT_CACHE_PROPERTY}; the daemon's when there is none), and the JVM
   * exits when that heap is exhausted rather than limping on.
   */
  public static List<String> javaCommand(String heap) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String workerCache = System.getProperty(AOT_CACHE_PROPERTY, "");
    boolean ownCache = !workerCache.isBlank() && Files.isRegularFile(Path.of(workerCache));
    // The caches are recorded with the default heap, that is with compressed object pointers; a heap over 31 GB
    // turns those off, and the JVM then refuses the cache with error lines on every worker start (and runs without
    // it). Smaller heaps than the recording's use it as they are.
    boolean cacheFits = heapBytes(heap) <= 31L << 30;
    ownCache &= cacheFits;
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (inherited(option) && !((ownCache || !cacheFits) && option.startsWith("-XX:AOTCache="))) {
        c.add(option);
      }
    }
    if (ownCache) {
      c.add("-XX:AOTCache=" + workerCache);
    }
    c.add("-Xmx" + heap);
    c.add("-XX:+ExitOnOutOfMemoryError");
    c.add("-Daloft.python.worker=true");
    c.add("-cp");
    c.add(System.getProperty("java.class.path"));
    c.add(PythonWorkerMain.class.getName());
    return c;
  }

  /** A heap size as {@link #heap} accepts it ({@code 1g}, {@code 768m}, bytes), in bytes. */
  static long heapBytes(String heap) {
    char unit = Character.toLowerCase(heap.charAt(heap.length() - 1));
    int shift = switch (unit) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    String digits = shift == 0 ? heap : heap.substring(0, heap.length() - 1);
    return Long.parseLong(digits) << shift;
  }

  /** Options of the daemon's JVM that a worker takes too; not its heap, debugger, agents, logs or cache recording. */
  private static boolean inherited(String option) {
    for (String prefix : List.of("-Xmx", "-Xms", "-XX:MaxRAM", "-XX:InitialRAM", "-XX:MaxHeap", "-XX:AOTMode",
        "-XX:AOTConfiguration", "-XX:AOTCacheOutput", "-agentlib", "-agentpath", "-javaagent", "-Xlog", "-Xloggc",
        "-XX:+HeapDump", "-XX:HeapDumpPath", "-XX:OnOutOfMemoryError", "-XX:+ExitOnOutOfMemoryError",
        "-XX:+CrashOnOutOfMemoryError", "-XX:Flags", "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile",
        "-XX:ArchiveClassesAtExit", "-Djava.class.path", "-Daloft.python.worker")) {
      if (option.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  // ---- calls ----

  @Override
  public PythonCall<String> evaluateDagFile(String source, String filename, String moduleName, Duration timeout) {
    ObjectNode m = WorkerChannel.message("evaluate").put("source", source).put("filename", filename)
        .put("module", moduleName);
    if (timeout != null) {
      m.put("timeout_ms", timeout.toMillis());
    }
    return submit(m, null, timeout, "evaluating " + filename);
  }

  @Override
  public PythonCall<String> runTask(TaskCall task, TaskBridge bridge) {
    ObjectNode m = WorkerChannel.message("run_task").put("source", task.source()).put("filename", task.filename())
        .put("module", task.moduleName()).put("dag_id", task.dagId()).put("task_id", task.taskId())
        .put("request", task.requestJson());
    return submit(m, bridge, null, "running " + task.dagId() + "." + task.taskId());
  }

  @Override
  public PythonCall<String> runTaskOn(int worker, Duration wait, TaskCall task, TaskBridge bridge) {
    if (worker < 1 || worker > slots.length) {
      return runTask(task, bridge);
    }
    ObjectNode m = WorkerChannel.message("run_task").put("source", task.source()).put("filename", task.filename())
        .put("module", task.moduleName()).put("dag_id", task.dagId()).put("task_id", task.taskId())
        .put("request", task.requestJson());
    String what = "running " + task.dagId() + "." + task.taskId() + " on worker " + worker;
    PythonCall<String> call = PythonCall.pending();
    Slot wanted = slots[worker - 1];
    if (!closed && idle.remove(wanted) && wanted.send(m, new InFlight(call, bridge, what), null)) {
      return call;
    }
    Thread.ofVirtual().name("aloft-python-call").start(() -> {
      long deadline = System.nanoTime() + wait.toNanos();
      try {
        // The wanted worker, while it is busy with another call (or restarting) and the wait lasts; other calls
        // leave it to this one meanwhile, or a steady flow of tasks could take it every time it is free.
        wanted.placedWaiting.incrementAndGet();
        try {
          while (!closed && call.stopReason() == null && System.nanoTime() < deadline) {
            if (idle.remove(wanted)) {
              if (wanted.send(m, new InFlight(call, bridge, what), null)) {
                return;
              }
              continue; // it died meanwhile: its restart puts it back
            }
            Thread.sleep(20);
          }
        } finally {
          wanted.placedWaiting.decrementAndGet();
        }
        Slot slot;
        do {
          slot = take(call);
          if (slot == null) {
            call.fail(new PythonStoppedException(PythonStoppedException.Reason.CANCELLED, "cancelled"));
            return;
          }
        } while (!slot.send(m, new InFlight(call, bridge, what), null));
      } catch (InterruptedException e) {
        call.fail(new PythonStoppedException(PythonStoppedException.Reason.CANCELLED, "cancelled"));
      } catch (RuntimeException e) {
        call.fail(e);
      }
    });
    return call;
  }

  /** One call on its way: what to complete, and the task's callbacks. */
  private record InFlight(PythonCall<String> call, TaskBridge bridge, String what) {}

  private PythonCall<String> submit(ObjectNode message, TaskBridge bridge, Duration timeout, String what) {
    PythonCall<String> call = PythonCall.pending();
    // An idle worker: sent from the caller's thread, without waking another one (milliseconds on a busy machine,
    // on every Python task's path).
    Slot ready = closed ? null : idle.pollFirst();
    if (ready != null && ready.placedWaiting.get() > 0) {
      idle.addLast(ready); // kept for the placed call that waits for it (runTaskOn)
      ready = null;
    }
    if (ready != null) {
      if (ready.worker != null && ready.send(message, new InFlight(call, bridge, what), timeout)) {
        return call;
      }
      // It died meanwhile: its restart puts it back; the call waits for a worker below.
    }
    Thread.ofVirtual().name("aloft-python-call").start(() -> {
      Slot slot;
      do {
        try {
          slot = take(call);
        } catch (InterruptedException e) {
          call.fail(new PythonStoppedException(PythonStoppedException.Reason.CANCELLED, "cancelled"));
          return;
        } catch (RuntimeException e) {
          call.fail(e);
          return;
        }
        if (slot == null) { // cancelled while waiting for a worker
          call.fail(new PythonStoppedException(PythonStoppedException.Reason.CANCELLED, "cancelled"));
          return;
        }
      } while (!slot.send(message, new InFlight(call, bridge, what), timeout));
    });
    return call;
  }

  /** An idle, connected worker; null when the call was stopped while it waited. */
  private Slot take(PythonCall<String> call) throws InterruptedException {
    while (true) {
      if (closed) {
        throw new IllegalStateException("the Python workers are stopped");
      }
      if (call.stopReason() != null) {
        return null;
      }
      Slot slot = idle.pollFirst(100, TimeUnit.MILLISECONDS);
      if (slot != null) {
        if (slot.worker == null) {
          continue; // it died while idle: its restart puts it back
        }
        if (slot.placedWaiting.get() > 0) {
          idle.addLast(slot); // kept for the placed call that waits for it (runTaskOn)
          Thread.sleep(20);
          continue;
        }
        return slot;
      }
      RuntimeException failure = startFailure();
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** Why no worker can start, once every started worker failed to start several times in a row. */
  private RuntimeException startFailure() {
    String reason = null;
    for (Slot s : slots) {
      if (s.startedOnce) {
        if (s.worker != null || s.failedStarts < 3) {
          return null;
        }
        reason = s.lastStartFailure;
      }
    }
    return reason == null ? null : new IllegalStateException("the Python worker cannot start: " + reason
        + " (check the log above for the worker's own output; ALOFT_PYTHON_WORKER_HEAP may be larger than the memory)");
  }

  // ---- host ----

  @Override
  public void extendPythonPath(List<Path> folders) {
    synchronized (pathLock) {
      List<String> all = new ArrayList<>(extraPath);
      folders.stream().map(f -> f.toAbsolutePath().toString()).filter(f -> !all.contains(f)).forEach(all::add);
      extraPath = List.copyOf(all);
      for (Slot s : slots) {
        s.sendQuietly(pathMessage());
      }
    }
  }

  private ObjectNode pathMessage() {
    ObjectNode m = WorkerChannel.message("path");
    ArrayNode a = m.putArray("folders");
    extraPath.forEach(a::add);
    return m;
  }

  @Override
  public void warmTheRest() {
    if (restStarted.compareAndSet(false, true) && !closed) {
      slots[0].sendQuietly(WorkerChannel.message("warm_rest"));
      for (int i = 1; i < slots.length; i++) {
        slots[i].startSoon(Duration.ZERO);
      }
    }
  }

  @Override
  public boolean awaitWarm(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Slot s : slots) {
      while (s.worker == null) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        RuntimeException failure = startFailure();
        if (failure != null) {
          throw failure;
        }
        Thread.sleep(20);
      }
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      CompletableFuture<JsonNode> answer = s.control(WorkerChannel.message("await_warm").put("timeout_ms", left));
      try {
        JsonNode reply = answer.get(left + 5000, TimeUnit.MILLISECONDS);
        if (!reply.path("result").asBoolean()) {
          return false;
        }
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int size() {
    return slots.length;
  }

  /** The process ids of the running workers (for tests and benchmarks). */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    for (Slot s : slots) {
      WorkerProcess w = s.worker;
      if (w != null) {
        pids.add(w.pid());
      }
    }
    return pids;
  }

  /** How many times a worker died and was started again (for tests). */
  public int restarts() {
    int n = 0;
    for (Slot s : slots) {
      n += s.deaths;
    }
    return n;
  }

  @Override
  public void close() {
    closed = true;
    timers.shutdownNow();
    for (Slot s : slots) {
      s.stop();
    }
  }

  @Override
  public String toString() {
    return "PythonWorkers[size=" + slots.length + ", idle=" + idle.size() + "]";
  }

  /** One worker position: the process now filling it (restarted when it dies), its reader, its call. */
  private final class Slot {
    private final int number;
    volatile WorkerProcess worker;
    private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<JsonNode>> controls = new ConcurrentHashMap<>();
    /** Placed calls ({@link #runTaskOn}) waiting for this worker: other calls leave it to them while it is idle. */
    final java.util.concurrent.atomic.AtomicInteger placedWaiting = new java.util.concurrent.atomic.AtomicInteger();
    volatile boolean startedOnce;
    volatile int failedStarts;
    volatile String lastStartFailure;
    /** Deaths since the last call that ended normally: the restart pause grows with them. */
    private volatile int deathsInARow;
    volatile int deaths;

    Slot(int number) {
      this.number = number;
    }

    void startSoon(Duration delay) {
      if (closed) {
        return;
      }
      startedOnce = true;
      Runnable start = () -> Thread.ofPlatform().name("aloft-python-worker-" + number + "-start").daemon()
          .start(this::startNow);
      if (delay.isZero()) {
        start.run();
      } else {
        try {
          timers.schedule(start, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
          // closed meanwhile: nothing to start
        }
      }
    }

    private void startNow() {
      long started = System.nanoTime();
      WorkerProcess w;
      List<String> recording = recordingCommand.getAndSet(null);
      try {
        w = recording == null ? WorkerProcess.start(command, CONNECT_LIMIT, Duration.ofSeconds(2))
            : WorkerProcess.start(recording, CONNECT_LIMIT, RECORDING_EXIT_LIMIT);
      } catch (IOException | RuntimeException e) {
        failedStarts++;
        lastStartFailure = e.getMessage();
        Duration pause = backoff(failedStarts);
        LOG.error("Python worker {} could not start ({}); trying again in {} ms", number, e.getMessage(), pause.toMillis());
        startSoon(pause);
        return;
      }
      try {
        synchronized (pathLock) {
          ObjectNode init = WorkerChannel.message("init").put("contexts", 1)
              .put("hold_rest", number == 1 && !restStarted.get());
          ArrayNode path = init.putArray("python_path");
          setup.pythonPath().forEach(p -> path.add(p.toAbsolutePath().toString()));
          extraPath.forEach(path::add);
          ArrayNode preload = init.putArray("preload");
          setup.preloadModules().forEach(preload::add);
          ObjectNode env = init.putObject("environment");
          setup.environment().forEach(env::put);
          w.send(init);
          worker = w;
        }
      } catch (IOException e) {
        w.kill();
        failedStarts++;
        lastStartFailure = e.getMessage();
        startSoon(backoff(failedStarts));
        return;
      }
      try {
        JsonNode ready = w.read(); // its first context is warm: calls sent from now on start at once
        if (!"ready".equals(ready.path("op").asText())) {
          throw new IOException("unexpected first message " + ready.path("op").asText());
        }
      } catch (IOException e) {
        worker = null;
        if (closed) {
          w.close(); // the pool closed while the worker warmed up (a daemon stopped early): no failure to report
          return;
        }
        String exit = w.waitForExit();
        w.close();
        failedStarts++;
        lastStartFailure = "it stopped while warming up (" + exit + "): " + e.getMessage();
        LOG.error("Python worker {} could not start: {}", number, lastStartFailure);
        startSoon(backoff(failedStarts));
        return;
      }
      if (closed) {
        worker = null;
        w.close();
        return;
      }
      if (restStarted.get()) {
        sendQuietly(WorkerChannel.message("warm_rest")); // it may have missed the message while it started
      }
      failedStarts = 0;
      LOG.info("Python worker {} started (pid {}) in {} ms", number, w.pid(), (System.nanoTime() - started) / 1_000_000);
      Thread.ofPlatform().name("aloft-python-worker-" + number).daemon().start(() -> read(w));
      idle.addFirst(this);
    }

    private Duration backoff(int failures) {
      if (failures <= 1) {
        return Duration.ofMillis(200);
      }
      long ms = 500L << Math.min(10, failures - 2);
      return Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
    }

    /**
     * Sends a call to this (idle) worker; its end comes through {@link #read}. False when the worker died before
     * the call reached it: the caller takes another one.
     */
    boolean send(ObjectNode message, InFlight call, Duration timeout) {
      WorkerProcess w = worker;
      if (w == null) {
        return false;
      }
      long id = ids.incrementAndGet();
      message.put("id", id);
      inFlight.put(id, call);
      if (worker != w && inFlight.remove(id) != null) {
        return false; // died meanwhile, and its death did not take this call with it
      }
      try {
        w.send(message);
      } catch (IOException e) {
        // The reader sees the connection end and fails the call with the worker's exit status.
        LOG.debug("sending to Python worker {} failed: {}", number, e.toString());
      }
      call.call().ranOn(number);
      // After the send: a call stopped before it started must have its cancel arrive after it.
      call.call().started(reason -> stop(w, id, call, reason));
      if (timeout != null && !closed) {
        // The worker enforces the time limit itself; this is for a worker that no longer answers at all.
        try {
          timers.schedule(() -> {
            if (!call.call().isDone()) {
              call.call().stop(PythonStoppedException.Reason.TIMEOUT);
            }
          }, timeout.plus(UNANSWERED_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
          // closed meanwhile: the worker is being stopped, and the call with it
        }
      }
      return true;
    }

    private void stop(WorkerProcess w, long id, InFlight call, PythonStoppedException.Reason reason) {
      if (reason == PythonStoppedException.Reason.TIMEOUT) {
        LOG.warn("Python worker {} (pid {}) did not stop {} at its time limit: killing it", number, w.pid(), call.what());
        w.kill();
        return;
      }
      try {
        w.send(WorkerChannel.message("cancel").put("id", id));
      } catch (IOException e) {
        return; // it is gone already
      }
      try {
        timers.schedule(() -> {
          if (!call.call().isDone()) {
            LOG.warn("Python worker {} (pid {}) did not stop {} within {} s: killing it", number, w.pid(), call.what(),
                STOP_GRACE.toSeconds());
            w.kill();
          }
        }, STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        w.kill();
      }
    }

    CompletableFuture<JsonNode> control(ObjectNode message) {
      long id = ids.incrementAndGet();
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      controls.put(id, answer);
      WorkerProcess w = worker;
      try {
        if (w == null) {
          throw new IOException("the worker is not running");
        }
        w.send(message.put("id", id));
      } catch (IOException e) {
        controls.remove(id);
        answer.completeExceptionally(e);
      }
      return answer;
    }

    void sendQuietly(ObjectNode message) {
      WorkerProcess w = worker;
      if (w != null) {
        try {
          w.send(message);
        } catch (IOException e) {
          LOG.debug("Python worker {} is gone: {}", number, e.toString());
        }
      }
    }

    /** The reader: results, callbacks; when the connection ends, the worker's death. */
    private void read(WorkerProcess w) {
      try {
        while (true) {
          JsonNode m = w.read();
          if ("callback".equals(m.path("op").asText())) {
            callback(w, m);
            continue;
          }
          long id = m.path("id").asLong();
          CompletableFuture<JsonNode> control = controls.remove(id);
          if (control != null) {
            control.complete(m);
            continue;
          }
          InFlight call = inFlight.remove(id);
          if (call == null) {
            continue;
          }
          if (!m.has("stopped") || !"TIMEOUT".equals(m.path("stopped").asText())) {
            deathsInARow = 0;
          }
          // Idle again before the caller hears of the result: a caller that sends its next call at once (a folder
          // pass, a chain of tasks) then finds this worker instead of waiting on a thread of its own for one.
          if (inFlight.isEmpty() && !closed) {
            idle.addFirst(this);
          }
          end(call.call(), m);
        }
      } catch (IOException | RuntimeException e) {
        died(w);
      }
    }

    private void end(PythonCall<String> call, JsonNode m) {
      if (m.has("result")) {
        call.complete(m.get("result").asText());
      } else if (m.has("stopped")) {
        PythonStoppedException stopped = new PythonStoppedException(
            PythonStoppedException.Reason.valueOf(m.get("stopped").asText()), m.path("message").asText());
        if (m.has("error")) {
          stopped.addSuppressed(WorkerChannel.error(m.get("error")));
        }
        call.fail(stopped);
      } else if (m.has("error")) {
        call.fail(WorkerChannel.error(m.get("error")));
      } else {
        call.fail(new IllegalStateException(m.path("failure").asText("the Python worker could not run the call")));
      }
    }

    private void callback(WorkerProcess w, JsonNode m) {
      InFlight call = inFlight.get(m.path("id").asLong());
      JsonNode args = m.path("args");
      String answer;
      if (call == null || call.bridge() == null) {
        answer = "{\"error\": \"no running task\"}";
      } else {
        TaskBridge b = call.bridge();
        answer = switch (m.path("kind").asText()) {
          case "xcom_pull" -> b.xcomPull(args.path(0).asText());
          case "xcom_push" -> b.xcomPush(args.path(0).asText(), args.path(1).asText());
          case "variable" -> b.variable(args.path(0).asText());
          case "connection" -> b.connection(args.path(0).asText());
          case "log" -> { // a batch of lines (see PythonWorkerMain.LogLines)
            args.forEach(line -> b.log(line.asText()));
            yield null;
          }
          default -> "{\"error\": \"unknown callback\"}";
        };
      }
      if (m.has("cb")) {
        try {
          w.send(WorkerChannel.message("answer").put("cb", m.get("cb").asLong()).put("value", answer));
        } catch (IOException e) {
          LOG.debug("answering Python worker {} failed: {}", number, e.toString());
        }
      }
    }

    /** The worker's connection ended: its call fails with the exit status, and a new worker takes its place. */
    private void died(WorkerProcess w) {
      worker = null;
      idle.remove(this);
      String exit = w.waitForExit();
      w.close();
      if (!closed) { // counted before the calls learn of it, so whoever sees the failure sees the count
        deaths++;
        deathsInARow++;
      }
      controls.values().forEach(f -> f.completeExceptionally(new IOException("the Python worker died (" + exit + ")")));
      controls.clear();
      for (InFlight call : List.copyOf(inFlight.values())) {
        PythonStoppedException.Reason reason = call.call().stopReason() == PythonStoppedException.Reason.TIMEOUT
            ? PythonStoppedException.Reason.TIMEOUT : call.call().stopReason() == PythonStoppedException.Reason.CANCELLED
            ? PythonStoppedException.Reason.CANCELLED : PythonStoppedException.Reason.WORKER_DIED;
        call.call().fail(new PythonStoppedException(reason, exit));
      }
      inFlight.clear();
      if (closed) {
        return;
      }
      Duration pause = backoff(deathsInARow);
      LOG.warn("Python worker {} (pid {}) died ({}); starting a new one in {} ms", number, w.pid(), exit, pause.toMillis());
      startSoon(pause);
    }

    void stop() {
      WorkerProcess w = worker;
      worker = null;
      if (w != null) {
        w.close();
      }
    }
  }
}
