package io.aloft.runtime.bench;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.Daemon;
import io.aloft.runtime.app.Actor;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.web.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The growth figures of issue 18, printed as one table: a thousand DAG files (start to the API answering, start to all
 * parsed, resident memory, re-parse of one changed file, an idle daemon's CPU), a 10,000-task DAG, 200 runs active at
 * once, a store of 100,000 runs and 1,000,000 task instances (API and UI latency with 8 clients, database size), and
 * two daemons on one PostgreSQL, and (issue 19) a scheduler with one, then two {@code aloft worker} processes beside a
 * standalone daemon. {@code scripts/bench scale [files|bigdag|runs|store|daemons|workers ...] [--flag=value ...]};
 * smaller sizes through the flags (see {@link Sizes#parse}) so that it can be tried in a minute.
 *
 * <p>Each part starts its own daemon over its own embedded PostgreSQL in a temporary home, in this JVM (the second
 * daemon of the last part runs in a child JVM, as a second host would). Figures are wall-clock on whatever else the
 * machine is doing: on a shared machine, read them as upper bounds.
 */
public final class ScaleBenchmark {

  private static final String AUTH =
      "Basic " + Base64.getEncoder().encodeToString("airflow:airflow".getBytes(StandardCharsets.UTF_8));
  private static final Set<String> PARTS = Set.of("files", "bigdag", "runs", "store", "daemons", "workers");

  /**
   * How big each part is.
   *
   * @param files DAG files generated for {@code files}
   * @param minTasks fewest tasks in a generated file
   * @param maxTasks most tasks in a generated file
   * @param idleSeconds how long the idle daemon's CPU is measured
   * @param bigTasks tasks of the one big DAG ({@code bigdag})
   * @param activeRuns runs active at once ({@code runs})
   * @param runTasks tasks per run ({@code runs})
   * @param storeRuns runs in the filled store ({@code store}), 10 task instances each
   * @param gridRuns of which the runs of the one DAG whose grid is measured
   * @param seconds measuring time per endpoint ({@code store})
   * @param daemons daemons on one database ({@code daemons})
   * @param explain print the plans of the UI's and API's main queries on the filled store
   */
  record Sizes(int files, int minTasks, int maxTasks, int idleSeconds, int bigTasks, int activeRuns, int runTasks,
      int storeRuns, int gridRuns, int seconds, int daemons, boolean explain) {

    /** {@code --files=1000 --min-tasks=10 --max-tasks=100 --idle-seconds=30 --big-tasks=10000 ...}. */
    static Sizes parse(List<String> flags) {
      Map<String, String> f = new HashMap<>();
      for (String a : flags) {
        String[] kv = a.replaceFirst("^--", "").split("=", 2);
        f.put(kv[0], kv.length > 1 ? kv[1] : "true");
      }
      Sizes s = new Sizes(i(f, "files", 1000), i(f, "min-tasks", 10), i(f, "max-tasks", 100), i(f, "idle-seconds", 30),
          i(f, "big-tasks", 10_000), i(f, "runs", 200), i(f, "run-tasks", 20), i(f, "store-runs", 100_000),
          i(f, "grid-runs", 10_000), i(f, "seconds", 10), i(f, "daemons", 2), Boolean.parseBoolean(f.remove("explain")));
      if (!f.isEmpty()) {
        throw new IllegalArgumentException("unknown flag(s) " + f.keySet() + ": see ScaleBenchmark.Sizes");
      }
      return s;
    }

    private static int i(Map<String, String> f, String key, int fallback) {
      String v = f.remove(key);
      return v == null ? fallback : Integer.parseInt(v.replace("_", "").replace(",", ""));
    }
  }

  private ScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--serve-daemon")) {
      serveDaemon(args.length > 1 ? args[1] : "standalone");
      return;
    }
    List<String> parts = new ArrayList<>();
    List<String> flags = new ArrayList<>();
    for (String a : args) {
      (a.startsWith("--") ? flags : parts).add(a);
    }
    parts.removeIf(p -> p.equals("all"));
    for (String p : parts) {
      if (!PARTS.contains(p)) {
        throw new IllegalArgumentException("unknown part '" + p + "': choose among " + PARTS + " or none for all");
      }
    }
    Sizes sizes = Sizes.parse(flags);
    Set<String> run = parts.isEmpty() ? new LinkedHashSet<>(List.of("files", "bigdag", "runs", "store", "daemons"))
        : new LinkedHashSet<>(parts);
    System.out.println("Aloft scale benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
        + System.getProperty("java.version") + ", " + Instant.now() + "); " + sizes);
    System.out.printf("%-70s %12s  %s%n", "figure", "value", "target");
    if (run.contains("files")) {
      files(sizes);
    }
    if (run.contains("bigdag")) {
      bigDag(sizes);
    }
    if (run.contains("runs")) {
      activeRuns(sizes);
    }
    if (run.contains("store")) {
      store(sizes);
    }
    if (run.contains("daemons")) {
      daemons(sizes);
    }
    if (run.contains("workers")) {
      workers(sizes);
    }
    System.exit(0);
  }

  // ---------------------------------------------------------------- files

  private static void files(Sizes s) throws Exception {
    Path work = Files.createTempDirectory("aloft-scale-files-");
    Path dags = Files.createDirectories(work.resolve("dags"));
    int tasks = 0;
    for (int i = 0; i < s.files(); i++) {
      int n = s.minTasks() + (int) ((i * 7919L) % (s.maxTasks() - s.minTasks() + 1));
      tasks += n;
      Files.writeString(dags.resolve(String.format("scale_%04d.py", i)), generatedDag(String.format("scale_%04d", i), n,
          "echo one"));
    }
    section(s.files() + " DAG files, " + s.minTasks() + "-" + s.maxTasks() + " tasks each (" + tasks
        + " tasks: Bash, @task, Empty), watching daemon with web server");
    // the same start over an empty DAGs folder first: what the start costs whatever the number of files
    Path emptyWork = Files.createTempDirectory("aloft-scale-empty-");
    AloftConfig emptyConfig = config(env(emptyWork, Files.createDirectories(emptyWork.resolve("dags"))), emptyWork);
    long e0 = System.nanoTime();
    Daemon empty =
        Daemon.startOpeningStore(emptyConfig, () -> Aloft.openStore(emptyConfig), new Daemon.Options(true, true));
    try (Aloft a = empty.aloft(); Daemon d = empty) {
      HttpClient http = HttpClient.newHttpClient();
      while (get(http, "http://localhost:" + d.web().orElseThrow().port() + "/api/v1/dags?limit=1").statusCode() != 200) {
        Thread.sleep(20);
      }
      row("baseline: daemon start over an empty DAGs folder to the API answering", ms(e0), "ms", "");
    }
    Map<String, String> env = env(work, dags);
    env.put("ALOFT_DAGS_ARE_PAUSED_AT_CREATION", "true");
    AloftConfig config = config(env, work);
    long t0 = System.nanoTime();
    Daemon daemon = Daemon.startOpeningStore(config, () -> Aloft.openStore(config), new Daemon.Options(true, true));
    try (Aloft aloft = daemon.aloft(); Daemon d = daemon) {
      String base = "http://localhost:" + d.web().orElseThrow().port();
      HttpClient http = HttpClient.newHttpClient();
      while (get(http, base + "/api/v1/dags?limit=1").statusCode() != 200) {
        Thread.sleep(20);
      }
      double apiMs = ms(t0);
      boolean banner = get(http, base + "/home").body().contains("id=\"dag-parsing\"");
      row("daemon start to the API answering (GET /api/v1/dags 200)", apiMs, "ms", "<= 5000 ms");
      row("  the DAG list said 'parsing DAG files' then", banner ? 1 : 0, "yes=1", "");
      while (!(aloft.app().dagParsing().progress().idle() && aloft.app().dags().listActive().size() >= s.files())) {
        Thread.sleep(200);
      }
      row("daemon start to all " + s.files() + " files parsed", ms(t0) / 1000, "s", "<= 60 s");
      row("resident memory after: daemon JVM", rssMb(ProcessHandle.current().pid()), "MB", "");
      double workers = workers().stream().mapToDouble(w -> rssMb(w.pid())).sum();
      row("resident memory after: Python worker processes (" + workers().size() + ")", workers, "MB", "");
      row("  together", rssMb(ProcessHandle.current().pid()) + workers, "MB", "<= 1024 MB");

      // one changed file while the others stay: from the write to its new version in the store, through the watcher
      Path one = dags.resolve("scale_0000.py");
      int n0 = s.minTasks();
      Stats reparse = new Stats();
      for (int k = 0; k < 5; k++) {
        String before = aloft.stores().dags().get("scale_0000").orElseThrow().specHash();
        long w = System.nanoTime();
        Files.writeString(one, generatedDag("scale_0000", n0, "echo change " + k));
        while (aloft.stores().dags().get("scale_0000").orElseThrow().specHash().equals(before)) {
          Thread.sleep(5);
        }
        reparse.add(ms(w));
      }
      row("one changed file: write to new version stored (file events; listed every 2 s without) p50",
          reparse.median(), "ms", "");
      Stats alone = new Stats();
      byte[] bytes = Files.readAllBytes(one);
      for (int k = 0; k < 20; k++) {
        long w = System.nanoTime();
        d.processor().parse(one, bytes);
        alone.add(ms(w));
      }
      row("  of which evaluating the file (p50 of 20)", alone.median(), "ms", "");
      Stats unchanged = new Stats();
      for (int k = 0; k < 10; k++) {
        long w = System.nanoTime();
        d.dagSync().sync();
        unchanged.add(ms(w));
      }
      row("a watcher pass over " + s.files() + " unchanged files p50 (a listing: every 2 s without file events,"
          + " every dag_dir_list_interval with them)", unchanged.median(), "ms", "");
      Stats look = new Stats();
      for (int k = 0; k < 10; k++) {
        long w = System.nanoTime();
        d.dagSync().syncRequested();
        look.add(ms(w));
      }
      row("  a look between listings (parse requests, deleted DAGs: the store only) p50", look.median(), "ms", "");

      // The other workers warm up after the first pass; on a loaded machine that takes longer than any fixed pause,
      // and a warm-up inside the window is not an idle daemon's cost. So: wait for them, then let the JIT settle.
      boolean warm = d.awaitPythonWarm(Duration.ofMinutes(5));
      row("  (the Python workers were warm before the idle window)", warm ? 1 : 0, "yes=1", "");
      Thread.sleep(15_000);
      List<ProcessHandle> ws = workers();
      long self = ProcessHandle.current().pid();
      long pg = postmaster(config);
      // per process and per thread, so that the figure says what an idle daemon spends its CPU on
      double jvm0 = cpuSeconds(self);
      double[] w0 = ws.stream().mapToDouble(w -> cpuSeconds(w.pid())).toArray();
      double pg0 = pg > 0 ? ProcCpu.treeSeconds(pg) : 0;
      Map<String, Long> jvmThreads0 = ProcCpu.threads(self);
      List<Map<String, Long>> workerThreads0 = ws.stream().map(w -> ProcCpu.threads(w.pid())).toList();
      ProcCpu.Machine m0 = ProcCpu.Machine.now();
      String load0 = loadAverage();
      long i0 = System.nanoTime();
      Thread.sleep(s.idleSeconds() * 1000L);
      double secs = (System.nanoTime() - i0) / 1e9;
      double jvm = cpuSeconds(self) - jvm0;
      double[] w = new double[ws.size()];
      for (int k = 0; k < ws.size(); k++) {
        w[k] = cpuSeconds(ws.get(k).pid()) - w0[k];
      }
      double pgUsed = pg > 0 ? ProcCpu.treeSeconds(pg) - pg0 : Double.NaN;
      double all = jvm + java.util.Arrays.stream(w).sum();
      row("idle daemon watching them: CPU over " + s.idleSeconds() + " s (JVM + workers)", 100 * all / secs, "% core",
          "< 2 %");
      row("  of which the daemon's JVM", 100 * jvm / secs, "% core", "");
      ProcCpu.printThreads("the JVM's threads", jvmThreads0, ProcCpu.threads(self), secs, 8);
      for (int k = 0; k < ws.size(); k++) {
        row("  of which Python worker " + (k + 1), 100 * w[k] / secs, "% core", "");
        ProcCpu.printThreads("its threads", workerThreads0.get(k), ProcCpu.threads(ws.get(k).pid()), secs, 5);
      }
      row("  besides: the embedded PostgreSQL (all its processes)", 100 * pgUsed / secs, "% core", "");
      System.out.printf("     machine busy %.1f %% of all cores; load average %s -> %s%n",
          ProcCpu.Machine.now().busyPercentSince(m0), load0, loadAverage());
    }
  }

  /** The embedded PostgreSQL's postmaster (first line of {@code pgdata/postmaster.pid}), or 0. */
  private static long postmaster(AloftConfig config) {
    try {
      return Long.parseLong(Files.readAllLines(config.pgDataFolder().resolve("postmaster.pid")).getFirst().strip());
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** {@code /proc/loadavg}'s 1, 5 and 15 minute figures, for the figures' context on a shared machine. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** A DAG file of {@code tasks} tasks in a chain, one in three each a Bash, a {@code @task} and an Empty task. */
  static String generatedDag(String dagId, int tasks, String bash) {
    StringBuilder b = new StringBuilder();
    b.append("from datetime import datetime, timedelta\n")
        .append("from airflow import DAG\n")
        .append("from airflow.decorators import task\n")
        .append("from airflow.operators.bash import BashOperator\n")
        .append("from airflow.operators.empty import EmptyOperator\n\n")
        .append("@task\ndef compute(x):\n    return x\n\n")
        .append("with DAG('").append(dagId).append("', start_date=datetime(2024, 1, 1), schedule='@daily', catchup=False,\n")
        .append("         default_args={'retries': 1, 'retry_delay': timedelta(minutes=1)}, tags=['scale']) as dag:\n")
        .append("    prev = EmptyOperator(task_id='start')\n");
    for (int i = 1; i < tasks; i++) {
      switch (i % 3) {
        case 0 -> b.append("    t = BashOperator(task_id='bash_").append(i).append("', bash_command='")
            .append(bash).append(" {{ ds }}')\n");
        case 1 -> b.append("    t = compute.override(task_id='compute_").append(i).append("')(").append(i).append(")\n");
        default -> b.append("    t = EmptyOperator(task_id='empty_").append(i).append("')\n");
      }
      b.append("    prev >> t\n    prev = t\n");
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- bigdag

  private static void bigDag(Sizes s) throws Exception {
    Path work = Files.createTempDirectory("aloft-scale-big-");
    Path dags = Files.createDirectories(work.resolve("dags"));
    int chains = Math.max(1, (int) Math.round(Math.sqrt(s.bigTasks())));
    int perChain = s.bigTasks() / chains;
    section("one DAG of " + chains * perChain + " EmptyOperators (" + chains + " parallel chains of " + perChain + ")");
    Map<String, String> env = env(work, dags);
    // a loaded machine took 86 s to evaluate this file, past the default 30 s import timeout
    env.put("ALOFT_DAG_IMPORT_TIMEOUT", "900");
    AloftConfig config = config(env, work);
    Daemon daemon = Daemon.startOpeningStore(config, () -> Aloft.openStore(config), new Daemon.Options(false, false));
    try (Aloft aloft = daemon.aloft(); Daemon d = daemon) {
      // measured on warm workers, as a running daemon parses a changed file (a cold worker is the start's cost)
      d.awaitPythonWarm(Duration.ofMinutes(5));
      Path file = dags.resolve("scale_big.py");
      Files.writeString(file, String.join("\n",
          "from datetime import datetime",
          "from airflow import DAG",
          "from airflow.operators.empty import EmptyOperator",
          "",
          "with DAG('scale_big', start_date=datetime(2024, 1, 1), schedule=None, catchup=False,",
          "         max_active_tasks=" + s.bigTasks() + ") as dag:",
          "    for c in range(" + chains + "):",
          "        prev = None",
          "        for i in range(" + perChain + "):",
          "            t = EmptyOperator(task_id='c%d_t%d' % (c, i))",
          "            if prev is not None:",
          "                prev >> t",
          "            prev = t",
          ""));
      long p = System.nanoTime();
      d.dagSync().sync();
      row("parse and store it (one sync pass, warm worker)", ms(p), "ms", "");
      if (aloft.stores().dags().get("scale_big").isEmpty()) {
        throw new IllegalStateException("scale_big.py did not load: " + aloft.stores().importErrors().list());
      }
      Stats alone = new Stats();
      byte[] bytes = Files.readAllBytes(file);
      for (int k = 0; k < 3; k++) {
        long w = System.nanoTime();
        d.processor().parse(file, bytes);
        alone.add(ms(w));
      }
      row("  of which evaluating the file (p50 of 3)", alone.median(), "ms", "");
      long t = System.nanoTime();
      DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "scale_big", null, Map.of(), null);
      String sql = "SELECT count(*) FROM task_instance WHERE dag_id = :d AND run_id = :r AND state <> 'none'";
      while (aloft.stores().jdbi().withHandle(h ->
          h.createQuery(sql).bind("d", run.dagId()).bind("r", run.runId()).mapTo(Integer.class).one()) == 0) {
        Thread.sleep(5);
      }
      row("trigger to its first tasks scheduled", ms(t), "ms", "");
      DagRunRow done = await(aloft, run, Duration.ofMinutes(20));
      row("trigger to success (" + done.state().airflowName() + ")", ms(t) / 1000, "s", "");
      row("resident memory after (daemon JVM)", rssMb(ProcessHandle.current().pid()), "MB", "");
    }
  }

  // ---------------------------------------------------------------- runs

  private static void activeRuns(Sizes s) throws Exception {
    Path work = Files.createTempDirectory("aloft-scale-runs-");
    Path dags = Files.createDirectories(work.resolve("dags"));
    section(s.activeRuns() + " runs active at once, " + s.runTasks() + " chained tasks each (Bash `true` and Empty in"
        + " turn: an Empty task alone would let one pass finish a whole chain), parallelism 64");
    Files.writeString(dags.resolve("scale_runs.py"), String.join("\n",
        "from datetime import datetime",
        "from airflow import DAG",
        "from airflow.operators.bash import BashOperator",
        "from airflow.operators.empty import EmptyOperator",
        "from airflow.models.baseoperator import chain",
        "",
        "with DAG('scale_runs', start_date=datetime(2024, 1, 1), schedule=None, catchup=False,",
        "         max_active_runs=" + s.activeRuns() + ", max_active_tasks=64) as dag:",
        "    chain(*[BashOperator(task_id='t%02d' % i, bash_command='true') if i % 2 == 0",
        "            else EmptyOperator(task_id='t%02d' % i) for i in range(" + s.runTasks() + ")])",
        ""));
    Map<String, String> env = env(work, dags);
    env.put("ALOFT_PARALLELISM", "64");
    AloftConfig config = config(env, work);
    Daemon daemon = Daemon.startOpeningStore(config, () -> Aloft.openStore(config), new Daemon.Options(false, false));
    try (Aloft aloft = daemon.aloft(); Daemon d = daemon) {
      // The other Python workers warm up after the first parse (a GraalPy context each, seconds of CPU): a steady
      // daemon's passes do not share the processors with that, so the runs start once they are warm.
      d.awaitPythonWarm(Duration.ofMinutes(5));
      List<DagRunRow> runs = new ArrayList<>();
      long t = System.nanoTime();
      Instant logical = Instant.parse("2024-01-01T00:00:00Z");
      // created in one go, paused: then all of them are active together when the scheduler starts on them
      aloft.stores().jdbi().useHandle(h -> h.execute("UPDATE dag SET is_paused = true WHERE dag_id = 'scale_runs'"));
      for (int i = 0; i < s.activeRuns(); i++) {
        runs.add(aloft.app().runs().trigger(Actor.SYSTEM, "scale_runs", "r" + i, Map.of(), logical.plusSeconds(i)));
      }
      double created = ms(t);
      PassTimer passes = new PassTimer(d);
      PassCpu cpu = PassCpu.of(d, config);
      Map<Integer, Stats> byRead = new java.util.concurrent.ConcurrentSkipListMap<>(); // pass durations by runs read again, in bins of 20
      // and by whether the JVM collected garbage since the previous pass ended (in this pass, or between the two)
      Stats[] byGc = {new Stats(), new Stats()};
      long[] lastGc = {PassCpu.gc()[0]};
      d.scheduler().watchPasses((took, read) -> {
        byRead.computeIfAbsent(read / 20 * 20, k -> new Stats()).add(took.toNanos() / 1e6);
        long n = PassCpu.gc()[0];
        byGc[n != lastGc[0] ? 1 : 0].add(took.toNanos() / 1e6);
        lastGc[0] = n;
      });
      SchedulerStatements statements = SchedulerStatements.install(aloft.stores().jdbi(), d.scheduler().connection());
      aloft.stores().jdbi().useHandle(h -> h.execute("UPDATE dag SET is_paused = false WHERE dag_id = 'scale_runs'"));
      d.scheduler().wake();
      t = System.nanoTime();
      for (DagRunRow r : runs) {
        DagRunRow done = await(aloft, r, Duration.ofMinutes(10));
        if (done.state() != RunState.SUCCESS) {
          throw new IllegalStateException("run " + r.runId() + " ended " + done.state());
        }
      }
      double all = ms(t);
      Stats transitions = new Stats();
      for (DagRunRow r : runs) {
        Map<String, TaskInstanceRow> byId = new HashMap<>();
        aloft.stores().taskInstances().listForRun(r.dagId(), r.runId()).forEach(ti -> byId.put(ti.taskId(), ti));
        for (int k = 1; k < s.runTasks(); k++) {
          TaskInstanceRow up = byId.get(String.format("t%02d", k - 1));
          TaskInstanceRow down = byId.get(String.format("t%02d", k));
          if (up != null && down != null && up.endDate() != null && down.startDate() != null) {
            transitions.add(Duration.between(up.endDate(), down.startDate()).toNanos() / 1e6);
          }
        }
      }
      row("creating the " + s.activeRuns() + " runs (API trigger, one by one)", created, "ms", "");
      row("unpause to all " + s.activeRuns() * s.runTasks() + " task instances succeeded", all / 1000, "s", "");
      PassTimer.Figures f = passes.figures();
      row("scheduler passes while they ran (from /metrics): count", f.count(), "", "");
      row("scheduler pass duration p50", f.p50(), "ms", "");
      row("scheduler pass duration p99", f.p99(), "ms", "<= 50 ms");
      statements.print(f.count());
      cpu.print(f.count(), f.p50());
      d.scheduler().watchPasses(null);
      byRead.forEach((from, st) -> System.out.printf("     passes that read %d-%d runs again: %d, p50 %.1f ms, p99 %.1f ms%n",
          from, from + 19, st.count(), st.median(), st.p(99)));
      for (int k = 1; k >= 0; k--) {
        System.out.printf("     passes %s a garbage collection since the previous pass: %d, p50 %.1f ms, p99 %.1f ms%n",
            k == 1 ? "with" : "without", byGc[k].count(), byGc[k].median(), byGc[k].p(99));
      }
      row("running runs whose instances a pass read again, mean (of running, mean)", f.runsRead(), "",
          String.format("%.1f", f.runsRunning()));
      row("transition latency (upstream end to downstream start) p50", transitions.median(), "ms", "");
      row("transition latency p99", transitions.p(99), "ms", "");
    }
  }

  /**
   * What the scheduler's thread asks the database while the runs run: statements (a JDBC batch counts once, as it
   * is one round trip) per pass, and the statements that took the most time in all, so that the pass's cost is
   * read from the measurement, not guessed. A JDBI {@code SqlLogger}, installed on the store before the runs start
   * (each pass opens a new handle, which takes the logger from the store's configuration).
   */
  private static final class SchedulerStatements implements org.jdbi.v3.core.statement.SqlLogger {
    private final Map<String, long[]> bySql = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param jdbis the stores' and the scheduler's own (its pass runs through a connection of its own) */
    static SchedulerStatements install(org.jdbi.v3.core.Jdbi... jdbis) {
      SchedulerStatements s = new SchedulerStatements();
      for (org.jdbi.v3.core.Jdbi j : jdbis) {
        j.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setSqlLogger(s);
      }
      return s;
    }

    @Override
    public void logAfterExecution(org.jdbi.v3.core.statement.StatementContext ctx) {
      if (!Thread.currentThread().getName().equals("aloft-scheduler")) {
        return;
      }
      String sql = ctx.getRenderedSql().replaceAll("\\s+", " ").strip();
      long nanos = ctx.getExecutionMoment() == null || ctx.getCompletionMoment() == null ? 0
          : Duration.between(ctx.getExecutionMoment(), ctx.getCompletionMoment()).toNanos();
      long[] c = bySql.computeIfAbsent(sql.length() > 90 ? sql.substring(0, 90) : sql, k -> new long[2]);
      synchronized (c) {
        c[0]++;
        c[1] += nanos;
      }
    }

    void print(double passes) {
      long count = bySql.values().stream().mapToLong(c -> c[0]).sum();
      row("scheduler statements (round trips) per pass, mean", passes > 0 ? count / passes : Double.NaN, "", "");
      bySql.entrySet().stream()
          .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
          .limit(6)
          .forEach(e -> System.out.printf("     %7d x %8.1f ms in all  %s%n", e.getValue()[0], e.getValue()[1] / 1e6,
              e.getKey()));
    }
  }

  /**
   * Where a pass's wall time goes: the scheduler thread's and its PostgreSQL backend's time on a processor, and their
   * time runnable but waiting for one (Linux's {@code schedstat}: a saturated machine shows as that wait), per pass.
   * The backend is the one behind the scheduler's own connection. Prints nothing where {@code /proc} lacks them.
   */
  private static final class PassCpu {
    private final Path thread;
    private final Path backend;
    private final long[] thread0;
    private final long[] backend0;
    private final ProcCpu.Machine machine0 = ProcCpu.Machine.now();
    private final long pg;
    private final long self = ProcessHandle.current().pid();
    private final double jvm0;
    private final double tasks0;
    private final double pg0;
    private final double workers0;
    private final long start = System.nanoTime();
    private final long[] gc0 = gc();

    private PassCpu(Path thread, Path backend, long pg) {
      this.pg = pg;
      this.jvm0 = ProcCpu.processSeconds(self, false);
      this.tasks0 = tasksSeconds();
      this.pg0 = pg > 0 ? ProcCpu.treeSeconds(pg) : 0;
      this.workers0 = workersSeconds();
      this.thread = thread;
      this.backend = backend;
      this.thread0 = schedstat(thread);
      this.backend0 = schedstat(backend);
    }

    /** The tasks' processes (Bash), ended or running: all below this JVM but the Python workers. */
    private double tasksSeconds() {
      double all = ProcCpu.processSeconds(self, true) - ProcCpu.processSeconds(self, false);
      for (ProcessHandle c : ProcessHandle.current().children().toList()) {
        all += ProcCpu.treeSeconds(c.pid());
      }
      return all - workersSeconds();
    }

    private static double workersSeconds() {
      return workers().stream().mapToDouble(w -> ProcCpu.treeSeconds(w.pid())).sum();
    }

    static PassCpu of(Daemon d, AloftConfig config) throws IOException {
      Path thread = d.scheduler().osThreadId().map(tid -> Path.of("/proc/self/task", tid, "schedstat")).orElse(null);
      int pid = d.scheduler().connection().withHandle(h -> h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one());
      return new PassCpu(thread, Path.of("/proc", Integer.toString(pid), "schedstat"), postmaster(config));
    }

    /** The JVM's garbage collections so far: how many, and milliseconds they stopped the JVM (all collectors). */
    static long[] gc() {
      long n = 0;
      long ms = 0;
      for (var c : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
        n += Math.max(0, c.getCollectionCount());
        ms += Math.max(0, c.getCollectionTime());
      }
      return new long[] {n, ms};
    }

    /** Nanoseconds on a processor and waiting for one; zeros when unreadable. */
    private static long[] schedstat(Path p) {
      try {
        String[] f = Files.readString(p).strip().split(" ");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
      } catch (IOException | RuntimeException e) {
        return new long[] {0, 0};
      }
    }

    void print(double passes, double p50) {
      long[] t = schedstat(thread);
      long[] b = schedstat(backend);
      if (passes <= 0 || t[0] == 0 || b[0] == 0) {
        return;
      }
      double tc = (t[0] - thread0[0]) / 1e6 / passes;
      double tw = (t[1] - thread0[1]) / 1e6 / passes;
      double bc = (b[0] - backend0[0]) / 1e6 / passes;
      double bw = (b[1] - backend0[1]) / 1e6 / passes;
      row("a pass's time on a processor, mean: scheduler thread (" + ProcCpu.priority(thread.resolveSibling("stat")) + ")", tc, "ms", "");
      row("  its PostgreSQL backend (" + ProcCpu.priority(backend.resolveSibling("stat")) + ")", bc, "ms", "");
      row("a pass's time runnable, waiting for a processor, mean: scheduler thread", tw, "ms", "");
      row("  its PostgreSQL backend", bw, "ms", "");
      double wall = (System.nanoTime() - start) / 1e9;
      row("the machine's processors busy meanwhile (all cores)", ProcCpu.Machine.now().busyPercentSince(machine0), "%", "");
      System.out.printf("     of which, in cores: daemon JVM %.2f (its scheduler thread %.2f), tasks' processes %.2f, Python"
              + " workers %.2f, PostgreSQL %.2f (the scheduler's backend %.2f)%n",
          (ProcCpu.processSeconds(self, false) - jvm0) / wall, (t[0] - thread0[0]) / 1e9 / wall,
          (tasksSeconds() - tasks0) / wall, (workersSeconds() - workers0) / wall,
          pg > 0 ? (ProcCpu.treeSeconds(pg) - pg0) / wall : Double.NaN, (b[0] - backend0[0]) / 1e9 / wall);
      long[] g = gc();
      System.out.printf("     (a pass is these four, the round trips between them, the waits on locks and the JVM's garbage"
          + " collections: %d meanwhile, %.1f ms each on average; p50 %.1f ms)%n", g[0] - gc0[0],
          g[0] > gc0[0] ? (double) (g[1] - gc0[1]) / (g[0] - gc0[0]) : 0.0, p50);
    }
  }

  /** The scheduler's pass durations as {@code /metrics} publishes them ({@code scheduler.scheduler_loop_duration}). */
  private static final class PassTimer {
    record Figures(double count, double p50, double p99, double runsRead, double runsRunning) {}

    private static final Pattern QUANTILE =
        Pattern.compile("scheduler_scheduler_loop_duration_seconds\\{quantile=\"(0\\.5|0\\.99)\",?\\} ([0-9.eE+-]+)");
    private static final Pattern COUNT = Pattern.compile("scheduler_scheduler_loop_duration_seconds_count ([0-9.eE+-]+)");
    private final Daemon daemon;
    private final double count0;
    private final double[] read0;
    private final double[] running0;

    PassTimer(Daemon daemon) {
      this.daemon = daemon;
      String text = daemon.metrics().scrape();
      this.count0 = count(text);
      this.read0 = summary(text, "scheduler_runs_read");
      this.running0 = summary(text, "scheduler_runs_running");
    }

    /** A distribution summary's sum and count in a scrape (zeros before its first record). */
    private static double[] summary(String scrape, String name) {
      double[] out = new double[2];
      Matcher sum = Pattern.compile(name + "_sum ([0-9.eE+-]+)").matcher(scrape);
      Matcher n = Pattern.compile(name + "_count ([0-9.eE+-]+)").matcher(scrape);
      if (sum.find() && n.find()) {
        out[0] = Double.parseDouble(sum.group(1));
        out[1] = Double.parseDouble(n.group(1));
      }
      return out;
    }

    private static double mean(double[] now, double[] before) {
      double n = now[1] - before[1];
      return n > 0 ? (now[0] - before[0]) / n : Double.NaN;
    }

    private static double count(String scrape) {
      Matcher m = COUNT.matcher(scrape);
      return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    Figures figures() {
      String text = daemon.metrics().scrape();
      double p50 = Double.NaN;
      double p99 = Double.NaN;
      Matcher m = QUANTILE.matcher(text);
      while (m.find()) {
        double v = Double.parseDouble(m.group(2)) * 1000;
        if (m.group(1).equals("0.5")) {
          p50 = v;
        } else {
          p99 = v;
        }
      }
      return new Figures(count(text) - count0, p50, p99, mean(summary(text, "scheduler_runs_read"), read0),
          mean(summary(text, "scheduler_runs_running"), running0));
    }
  }

  // ---------------------------------------------------------------- store

  private static void store(Sizes s) throws Exception {
    Path work = Files.createTempDirectory("aloft-scale-store-");
    Path dags = Files.createDirectories(work.resolve("dags"));
    int others = Math.max(1, s.storeRuns() - s.gridRuns());
    int dagCount = Math.max(1, Math.min(900, others / 100));
    int runsPerDag = others / dagCount;
    section("a store of " + (dagCount * runsPerDag + s.gridRuns()) + " runs, 10 task instances each: " + dagCount
        + " DAGs of " + runsPerDag + " runs and one of " + s.gridRuns() + "; 8 clients, " + s.seconds()
        + " s per endpoint");
    Map<String, String> env = env(work, dags);
    env.put("ALOFT_PORT", "0");
    AloftConfig config = config(env, work);
    try (Aloft aloft = Aloft.openStore(config)) {
      long t = System.nanoTime();
      fill(aloft.stores(), dagCount, runsPerDag, s.gridRuns());
      long[] counts = aloft.stores().jdbi().withHandle(h -> new long[] {
          h.createQuery("SELECT count(*) FROM dag_run").mapTo(Long.class).one(),
          h.createQuery("SELECT count(*) FROM task_instance").mapTo(Long.class).one()});
      row("filled " + counts[0] + " runs and " + counts[1] + " task instances (SQL, then ANALYZE)", ms(t) / 1000, "s",
          "");
      row("database size on disk", aloft.stores().jdbi().withHandle(h -> h.createQuery(
          "SELECT pg_database_size(current_database())").mapTo(Long.class).one()) / 1024.0 / 1024.0, "MB", "");
      if (s.explain()) {
        Explain.print(aloft.stores(), "dag_0000", "r00005", "history");
      }
      WebServer web = aloft.web().start();
      try {
        String base = "http://localhost:" + web.port();
        load(base, "GET /api/v1/dags (limit 100)", "/api/v1/dags", s.seconds());
        load(base, "GET /api/v1/dags/{id}/dagRuns/{run}/taskInstances", "/api/v1/dags/dag_0000/dagRuns/r00005/taskInstances",
            s.seconds());
        load(base, "GET /api/v1/dags/{id}/dagRuns (limit 100)", "/api/v1/dags/history/dagRuns?limit=100", s.seconds());
        load(base, "UI grid JSON, " + s.gridRuns() + "-run DAG, latest 25 runs", "/ui/dags/history/grid?num_runs=25",
            s.seconds());
        load(base, "UI grid JSON, same DAG, 25 runs 5,000 back", "/ui/dags/history/grid?num_runs=25&offset=5000",
            s.seconds());
        load(base, "UI grid JSON, same DAG, latest 1,000 runs", "/ui/dags/history/grid?num_runs=1000", s.seconds());
        load(base, "UI grid page /dags/{id}/grid", "/dags/history/grid", s.seconds());
        load(base, "UI DAG list page /home (" + (dagCount + 1) + " DAGs)", "/home", s.seconds());
      } finally {
        web.stop();
      }
      System.out.println("     load average after the store's endpoints: " + loadAverage());
    }
  }

  /** Fills the store with SQL (as a year of history would leave it), far faster than the API. */
  private static void fill(Stores stores, int dagCount, int runsPerDag, int gridRuns) {
    Instant now = Instant.now();
    for (int d = 0; d < dagCount; d++) {
      stores.dags().saveParsed(ApiBenchmark.dag(String.format("dag_%04d", d), 10), false, now);
    }
    stores.dags().saveParsed(ApiBenchmark.dag("history", 10), false, now);
    stores.jdbi().useHandle(h -> {
      h.execute("""
          INSERT INTO dag_run (dag_id, run_id, spec_hash, run_type, state, logical_date, data_interval_start,
              data_interval_end, queued_at, start_date, end_date, external_trigger)
          SELECT d.dag_id, 'r' || lpad(g::text, 5, '0'), d.spec_hash, 'scheduled', 'success',
              timestamptz '2020-01-01' + g * interval '1 hour', timestamptz '2020-01-01' + g * interval '1 hour',
              timestamptz '2020-01-01' + (g + 1) * interval '1 hour', timestamptz '2020-01-01' + (g + 1) * interval '1 hour',
              timestamptz '2020-01-01' + (g + 1) * interval '1 hour',
              timestamptz '2020-01-01' + (g + 1) * interval '1 hour' + interval '5 minutes', false
          FROM dag d CROSS JOIN generate_series(0, CASE WHEN d.dag_id = 'history' THEN :grid ELSE :per END - 1) g
          """.replace(":grid", Integer.toString(gridRuns)).replace(":per", Integer.toString(runsPerDag)));
      h.execute("""
          INSERT INTO task_instance (dag_id, run_id, task_id, map_index, state, try_number, max_tries, operator, pool,
              pool_slots, priority_weight, queued_dttm, start_date, end_date, duration, first_start, hostname)
          SELECT r.dag_id, r.run_id, 'task_' || t, -1, 'success', 1, 1, 'BashOperator', 'default_pool', 1, 10 - t,
              r.start_date, r.start_date + t * interval '30 seconds', r.start_date + (t + 1) * interval '30 seconds', 30,
              r.start_date + t * interval '30 seconds', 'bench'
          FROM dag_run r CROSS JOIN generate_series(0, 9) t
          """);
      h.execute("""
          INSERT INTO task_try (dag_id, run_id, task_id, map_index, try_number, state, start_date, end_date, hostname)
          SELECT dag_id, run_id, task_id, map_index, 1, state, start_date, end_date, hostname FROM task_instance
          """);
      h.execute("VACUUM ANALYZE");
    });
  }

  /** Issue 18's target for every API and UI figure of the filled store: p99 <= 100 ms (issue 5's was 50 ms). */
  static void load(String baseUrl, String label, String path, int seconds) throws Exception {
    // -Dbench.store.only=home (through ALOFT_JAVA_OPTS): only the endpoints whose path holds it, while profiling one
    String only = System.getProperty("bench.store.only");
    if (only == null || path.contains(only)) {
      ApiBenchmark.load(baseUrl, AUTH, label, path, seconds, "p99 <= 100 ms");
    }
  }

  // ---------------------------------------------------------------- daemons

  private static void daemons(Sizes s) throws Exception {
    Path work = Files.createTempDirectory("aloft-scale-daemons-");
    Path dags = Files.createDirectories(work.resolve("dags"));
    Files.writeString(dags.resolve("bench_chain40.py"), CoreBenchmark.chain40());
    Files.writeString(dags.resolve("bench_fanout.py"), fanout200());
    section("fan-out (200 Bash tasks) and chain (40 @task) runs, 4 of each at once: one daemon, then " + s.daemons()
        + " on one PostgreSQL");
    AloftConfig config = config(env(work, dags), work);
    Daemon first = Daemon.startOpeningStore(config, () -> Aloft.openStore(config), new Daemon.Options(false, false));
    List<Process> others = new ArrayList<>();
    try (Aloft aloft = first.aloft(); Daemon d = first) {
      long pg = postmaster(config);
      Phase onePhase = new Phase(aloft, d, List.of(), pg);
      double[] one = throughput(aloft, "one");
      onePhase.print();
      String url;
      try (Connection c = aloft.database().dataSource().getConnection()) {
        url = c.getMetaData().getURL();
      }
      for (int k = 1; k < s.daemons(); k++) {
        others.add(child(work, dags, url, "daemon" + k, "standalone"));
      }
      for (int k = 1; k < s.daemons(); k++) {
        awaitServing(others.get(k - 1), work.resolve("daemon" + k + ".log"));
      }
      Phase manyPhase = new Phase(aloft, d, others, pg);
      double[] many = throughput(aloft, s.daemons() + "");
      manyPhase.print();
      row("fan-out throughput, " + s.daemons() + " daemons vs one", 100 * many[0] / one[0], "%", ">= 100 %");
      row("chain throughput, " + s.daemons() + " daemons vs one", 100 * many[1] / one[1], "%", ">= 100 %");
      long twice = aloft.stores().jdbi().withHandle(h -> h.createQuery(
          "SELECT count(*) FROM task_try WHERE try_number > 1").mapTo(Long.class).one());
      row("task tries beyond the first (a task run twice)", twice, "", "0");
      aloft.stores().jdbi().useHandle(h -> h.createQuery(
              "SELECT hostname, count(*) FROM task_try GROUP BY hostname ORDER BY hostname")
          .map((rs, ctx) -> "  tries run by " + rs.getString(1) + ": " + rs.getLong(2))
          .forEach(System.out::println));
    } finally {
      stopChildren(others);
    }
  }

  /**
   * What limits the daemons' throughput, measured over one phase of {@link #daemons}: the machine's busy share of
   * both cores ({@code /proc/stat}: near 100 % means one daemon already used them, and a second process on the same
   * cores can only share them), each daemon's CPU (its JVM, its Python workers and the task processes it ran) and
   * PostgreSQL's, this daemon's scheduler passes (more daemons: passes that must read all instances again after
   * another's), and what PostgreSQL's active sessions waited for (sampled every 50 ms: lock waits would show here),
   * with the transactions rolled back (claims or passes that collided).
   */
  private static final class Phase {
    private final Aloft aloft;
    private final List<Process> children;
    private final long postgres;
    private final ProcCpu.Machine machine0;
    private final double self0;
    private final double[] children0;
    private final double postgres0;
    private final long[] xacts0;
    private final PassTimer passes;
    private final String load0;
    private final long t0 = System.nanoTime();
    private final Map<String, Integer> waits = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger samples = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final Thread sampler;

    Phase(Aloft aloft, Daemon daemon, List<Process> children, long postgres) {
      this.aloft = aloft;
      this.children = List.copyOf(children);
      this.postgres = postgres;
      this.passes = new PassTimer(daemon);
      this.load0 = loadAverage();
      this.xacts0 = transactions(aloft);
      this.self0 = ProcCpu.treeSeconds(ProcessHandle.current().pid());
      this.children0 = this.children.stream().mapToDouble(c -> ProcCpu.treeSeconds(c.pid())).toArray();
      this.postgres0 = postgres > 0 ? ProcCpu.treeSeconds(postgres) : 0;
      this.machine0 = ProcCpu.Machine.now();
      this.sampler = Thread.ofPlatform().name("bench-pg-waits").daemon().start(this::sample);
    }

    private static long[] transactions(Aloft aloft) {
      return aloft.stores().jdbi().withHandle(h -> h.createQuery(
              "SELECT xact_commit, xact_rollback, deadlocks FROM pg_stat_database WHERE datname = current_database()")
          .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).one());
    }

    private void sample() {
      String sql = "SELECT COALESCE(wait_event_type || ':' || wait_event, 'on CPU') FROM pg_stat_activity"
          + " WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()";
      try {
        aloft.stores().jdbi().useHandle(h -> {
          while (sampling.get()) {
            h.createQuery(sql).mapTo(String.class).forEach(w -> waits.merge(w, 1, Integer::sum));
            samples.incrementAndGet();
            Thread.sleep(50);
          }
        });
      } catch (Exception e) {
        System.out.println("     (sampling PostgreSQL's waits stopped: " + e + ")");
      }
    }

    void print() throws InterruptedException {
      sampling.set(false);
      sampler.join();
      double secs = (System.nanoTime() - t0) / 1e9;
      double busy = ProcCpu.Machine.now().busyPercentSince(machine0);
      double self = ProcCpu.treeSeconds(ProcessHandle.current().pid()) - self0;
      double pg = postgres > 0 ? ProcCpu.treeSeconds(postgres) - postgres0 : Double.NaN;
      long[] xacts = transactions(aloft);
      row("  machine busy over the phase (both cores: 100 % = saturated)", busy, "%", "");
      row("  CPU: this daemon (JVM, Python workers, tasks; and the benchmark's polling)", self / secs, "cores", "");
      for (int k = 0; k < children.size(); k++) {
        row("  CPU: daemon " + (k + 2) + " (its JVM, Python workers, tasks)",
            (ProcCpu.treeSeconds(children.get(k).pid()) - children0[k]) / secs, "cores", "");
      }
      row("  CPU: PostgreSQL (all its processes)", pg / secs, "cores", "");
      PassTimer.Figures f = passes.figures();
      System.out.printf("     this daemon's scheduler passes: %.0f, p50 %.1f ms, p99 %.1f ms; transactions committed %d,"
          + " rolled back %d, deadlocks %d; load average %s -> %s%n", f.count(), f.p50(), f.p99(), xacts[0] - xacts0[0],
          xacts[1] - xacts0[1], xacts[2] - xacts0[2], load0, loadAverage());
      int n = Math.max(1, samples.get());
      StringBuilder b = new StringBuilder("     PostgreSQL's active sessions, mean per sample (" + n + " samples):");
      waits.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(8)
          .forEach(e -> b.append(String.format(" %s %.2f;", e.getKey(), e.getValue() / (double) n)));
      System.out.println(b);
    }
  }

  /** Runs 4 fan-outs and 4 chains at once; returns task instances per second of each kind. */
  private static double[] throughput(Aloft aloft, String label) throws Exception {
    List<DagRunRow> fan = new ArrayList<>();
    List<DagRunRow> chain = new ArrayList<>();
    long t = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      fan.add(aloft.app().runs().trigger(Actor.SYSTEM, "bench_fanout", null, Map.of(), null));
      chain.add(aloft.app().runs().trigger(Actor.SYSTEM, "bench_chain40", null, Map.of(), null));
    }
    double fanEnd = 0;
    double chainEnd = 0;
    for (DagRunRow r : fan) {
      DagRunRow done = await(aloft, r, Duration.ofMinutes(10));
      fanEnd = Math.max(fanEnd, Duration.between(r.queuedAt() == null ? done.startDate() : r.queuedAt(),
          done.endDate()).toMillis());
    }
    for (DagRunRow r : chain) {
      DagRunRow done = await(aloft, r, Duration.ofMinutes(10));
      chainEnd = Math.max(chainEnd, Duration.between(r.queuedAt() == null ? done.startDate() : r.queuedAt(),
          done.endDate()).toMillis());
    }
    double fanRate = 4 * 202 / (fanEnd / 1000);
    double chainRate = 4 * 40 / (chainEnd / 1000);
    row("fan-out, " + label + " daemon(s): task instances/s", fanRate, "TI/s", "");
    row("chain, " + label + " daemon(s): task instances/s", chainRate, "TI/s", "");
    row("  (all " + (fan.size() + chain.size()) + " runs ended after)", ms(t), "ms", "");
    return new double[] {fanRate, chainRate};
  }

  /**
   * The child JVM of the daemons and workers parts: one more daemon (or worker) over the database in its environment,
   * until stdin ends.
   */
  private static void serveDaemon(String role) throws Exception {
    Path home = Path.of(System.getenv("ALOFT_HOME"));
    AloftConfig config = ConfigLoader.load(System.getenv(), home, home);
    // standalone: a whole daemon, as a second host would run it; worker: `aloft worker` (the default queue)
    Daemon.Options options = "worker".equals(role)
        ? new Daemon.Options(false, false, false, true, java.util.Optional.of(Set.of("default")), 0)
        : new Daemon.Options(false, false);
    Daemon daemon = Daemon.startOpeningStore(config, () -> Aloft.openStore(config), options);
    try (Aloft aloft = daemon.aloft(); Daemon d = daemon) {
      // As the standalone daemon's figures are taken: after its Python workers warmed, whose start would otherwise
      // take the CPU from the first chains measured here
      d.awaitPythonWarm(Duration.ofMinutes(10));
      System.out.println("SERVING");
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our input
      }
    }
    System.exit(0);
  }

  private static String fanout200() {
    return String.join("\n",
        "from datetime import datetime",
        "from airflow import DAG",
        "from airflow.operators.bash import BashOperator",
        "from airflow.operators.empty import EmptyOperator",
        "",
        "with DAG('bench_fanout', start_date=datetime(2024, 1, 1), schedule=None, catchup=False, max_active_tasks=1024,",
        "         max_active_runs=64) as dag:",
        "    root = EmptyOperator(task_id='root')",
        "    join = EmptyOperator(task_id='join')",
        "    for i in range(200):",
        "        root >> BashOperator(task_id='b%d' % i, bash_command='true') >> join",
        "");
  }

  /** Starts {@link #serveDaemon} in a child JVM over the database at {@code url}; its output goes to NAME.log. */
  private static Process child(Path work, Path dags, String url, String name, String role) throws IOException {
    Map<String, String> env = env(work.resolve(name), dags);
    env.put("ALOFT_DATABASE_URL", url);
    env.put("ALOFT_DATABASE_USER", "postgres");
    // the role is an argument: an unknown ALOFT_ variable would stop the child's start (settings are checked)
    // with this JVM's options (scripts/bench passes ./aloft's): without them a worker ran with C2 and G1, whose
    // compilations took the cores from the first chains measured
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScaleBenchmark.class.getName(),
        "--serve-daemon", role));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Waits until the child says it serves; one that exits first stops the benchmark with its log's name. */
  private static void awaitServing(Process child, Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plusSeconds(600);
    while (!(Files.exists(log) && Files.readString(log).contains("SERVING")) && Instant.now().isBefore(deadline)) {
      if (!child.isAlive()) {
        throw new IllegalStateException("the child daemon exited with " + child.exitValue() + " before serving: see "
            + log);
      }
      Thread.sleep(200);
    }
  }

  private static void stopChildren(List<Process> children) throws IOException, InterruptedException {
    for (Process p : children) {
      p.getOutputStream().close(); // the child stops when its input ends
      p.waitFor();
    }
    children.clear();
  }

  // ---------------------------------------------------------------- workers

  /**
   * Issue 19: the same work in one standalone daemon, then in a scheduler that runs nothing itself with one and two
   * {@code aloft worker} JVMs beside it (children of this one, their own data directories, the same database). On
   * one 2-core machine every extra process takes cores from the others: this measures what the split costs (claims
   * through NOTIFY, logs shipped to the database, more JVMs), not the speed-up that more machines would bring.
   */
  private static void workers(Sizes s) throws Exception {
    Path work = Files.createTempDirectory("aloft-scale-workers-");
    Path dags = Files.createDirectories(work.resolve("dags"));
    Files.writeString(dags.resolve("bench_chain40.py"), CoreBenchmark.chain40());
    Files.writeString(dags.resolve("bench_fanout.py"), fanout200());
    section("a 40-task chain alone (median of 3) and 4 fan-outs (200 Bash tasks) + 4 chains at once: standalone,"
        + " then a scheduler with 1 and 2 workers");
    AloftConfig config = config(env(work, dags), work);
    List<Process> children = new ArrayList<>();
    try (Aloft aloft = Aloft.openStore(config)) {
      String url;
      try (Connection c = aloft.database().dataSource().getConnection()) {
        url = c.getMetaData().getURL();
      }
      double[] standalone;
      try (Daemon d = Daemon.start(aloft, new Daemon.Options(false, false))) {
        d.awaitPythonWarm(Duration.ofMinutes(10));
        standalone = splitFigures(aloft, "standalone");
      }
      try (Daemon scheduler = Daemon.start(aloft,
          new Daemon.Options(false, false, true, false, java.util.Optional.empty(), 0))) {
        for (int k = 1; k <= 2; k++) {
          children.add(child(work, dags, url, "worker" + k, "worker"));
          awaitServing(children.getLast(), work.resolve("worker" + k + ".log"));
          double[] split = splitFigures(aloft, "scheduler + " + k + " worker(s)");
          row("  chain alone: time vs standalone", 100 * split[0] / standalone[0], "%", "");
          row("  fan-out throughput vs standalone", 100 * split[1] / standalone[1], "%", "");
        }
      } finally {
        stopChildren(children);
      }
      long twice = aloft.stores().jdbi().withHandle(h -> h.createQuery(
          "SELECT count(*) FROM task_try WHERE try_number > 1").mapTo(Long.class).one());
      row("task tries beyond the first (a task run twice)", twice, "", "0");
      aloft.stores().jdbi().useHandle(h -> h.createQuery(
              "SELECT hostname, count(*) FROM task_try GROUP BY hostname ORDER BY hostname")
          .map((rs, ctx) -> "  tries run by " + rs.getString(1) + ": " + rs.getLong(2))
          .forEach(System.out::println));
    }
  }

  /** The chain alone (median of 3 runs, trigger to success, ms) and the mixed throughput's fan-out rate (TI/s). */
  private static double[] splitFigures(Aloft aloft, String label) throws Exception {
    List<Double> chains = new ArrayList<>();
    List<String> runIds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      DagRunRow r = aloft.app().runs().trigger(Actor.SYSTEM, "bench_chain40", null, Map.of(), null);
      long t = System.nanoTime();
      await(aloft, r, Duration.ofMinutes(10));
      chains.add(ms(t));
      runIds.add(r.runId());
    }
    chains.sort(null);
    row("40-task chain alone, " + label, chains.get(1), "ms", "");
    transitions(aloft, runIds);
    double[] rates = throughput(aloft, label);
    return new double[] {chains.get(1), rates[0]};
  }

  /**
   * Where a chain's time goes, from the store's own timestamps over the given runs' 39 transitions each (medians):
   * a try's end to the next instance's queueing (the scheduler noticed and decided), queueing to the next try's
   * start (the claim), and the try itself (start to end: the worker's preparation and the task).
   */
  private static void transitions(Aloft aloft, List<String> runIds) {
    List<Double> toQueued = new ArrayList<>();
    List<Double> toClaimed = new ArrayList<>();
    List<Double> ran = new ArrayList<>();
    aloft.stores().jdbi().useHandle(h -> {
      for (String runId : runIds) {
        List<Instant[]> tis = h.createQuery("SELECT queued_dttm, start_date, end_date FROM task_instance"
                + " WHERE dag_id = 'bench_chain40' AND run_id = :r ORDER BY start_date")
            .bind("r", runId)
            .map((rs, ctx) -> new Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                rs.getTimestamp(3).toInstant()})
            .list();
        for (int i = 0; i < tis.size(); i++) {
          ran.add(Duration.between(tis.get(i)[1], tis.get(i)[2]).toNanos() / 1e6);
          if (i > 0) {
            toQueued.add(Duration.between(tis.get(i - 1)[2], tis.get(i)[0]).toNanos() / 1e6);
            toClaimed.add(Duration.between(tis.get(i)[0], tis.get(i)[1]).toNanos() / 1e6);
          }
        }
      }
    });
    row("  per transition: try end -> next queued (median)", median(toQueued), "ms", "");
    row("  per transition: queued -> claimed (median)", median(toClaimed), "ms", "");
    row("  per try: claimed -> ended (median)", median(ran), "ms", "");
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  // ---------------------------------------------------------------- helpers

  private static Map<String, String> env(Path work, Path dags) throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("ALOFT_HOME", Files.createDirectories(work.resolve("home")).toString());
    env.put("ALOFT_DAGS_FOLDER", dags.toString());
    env.put("ALOFT_PORT", "0");
    env.remove("ALOFT_DATABASE_URL");
    return env;
  }

  private static AloftConfig config(Map<String, String> env, Path work) {
    // the shared cache (Python bytecode from the build's training) is the user's, the data the temporary folder's
    return ConfigLoader.load(env, Path.of(System.getProperty("user.home")), work);
  }

  private static DagRunRow await(Aloft aloft, DagRunRow run, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      DagRunRow now = aloft.stores().runs().get(run.dagId(), run.runId()).orElseThrow();
      if (now.state().isFinished()) {
        return now;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("run " + run.runId() + " did not finish in " + timeout);
  }

  private static HttpResponse<String> get(HttpClient http, String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", AUTH)
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<ProcessHandle> workers() {
    return ProcessHandle.current().children()
        .filter(c -> c.info().commandLine().orElse("").contains("-Daloft.python.worker=true")).toList();
  }

  private static double rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    return 0;
  }

  /** User and system CPU seconds of a process and its ended children ({@code /proc/<pid>/stat}, 100 ticks/s). */
  private static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 14-17 of proc(5): utime stime cutime cstime, here shifted by the two before the ')'
      return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static double ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  private static void section(String title) {
    System.out.println("-- " + title);
  }

  private static void row(String what, double value, String unit, String target) {
    System.out.printf("%-70s %9.1f %-6s %s%n", what, value, unit, target);
    System.out.flush();
  }
}
