package io.aloft.runtime.bench;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.Daemon;
import io.aloft.runtime.app.Actor;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TriggerStore;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 12's deferrable figure: one DAG of N (default 1,000) {@code TimeDeltaSensorAsync} tasks, all deferred at
 * once: how long deferring them takes, the daemon's resident memory, CPU and thread count while they wait in the
 * triggerer, and how late each resumes (its resumed try's start) and ends after its deadline (p50/p99/max). Run
 * with {@code scripts/bench deferred [tasks] [delta-seconds]}; embedded PostgreSQL, daemon defaults (parallelism
 * 32), a pool as large as the DAG so that the pool does not gate the resumes.
 */
public final class DeferredBenchmark {

  private DeferredBenchmark() {}

  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int delta = args.length > 1 ? Integer.parseInt(args[1]) : 90;
    Path work = Files.createTempDirectory("aloft-bench-deferred-");
    Path dags = Files.createDirectories(work.resolve("dags"));
    Files.writeString(dags.resolve("bench_deferred.py"), dag(tasks, delta), StandardCharsets.UTF_8);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("ALOFT_HOME", work.resolve("home").toString());
    env.put("ALOFT_DAGS_FOLDER", dags.toString());
    env.remove("ALOFT_DATABASE_URL");
    AloftConfig config = ConfigLoader.load(env, Path.of(System.getProperty("user.home")), work);
    System.out.println("Aloft deferred-task benchmark: " + tasks + " TimeDeltaSensorAsync tasks, delta " + delta
        + " s (" + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ")");
    Daemon first = Daemon.startOpeningStore(config, () -> Aloft.openStore(config), new Daemon.Options(false, false));
    try (Aloft aloft = first.aloft(); Daemon daemon = first) {
      aloft.stores().pools().set("bench_deferred", tasks, "as many slots as deferred tasks");
      double rssBefore = rssMb();
      TriggerStore triggers = new TriggerStore(aloft.stores().jdbi());
      long t0 = System.nanoTime();
      DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "bench_deferred", null, Map.of(), null);
      Instant deadline = run.dataIntervalEnd().plusSeconds(delta);
      while (triggers.countDeferred() < tasks) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("only " + triggers.countDeferred() + " of " + tasks
              + " tasks deferred before their deadline: raise the delta");
        }
        Thread.sleep(100);
      }
      row("trigger to all " + tasks + " tasks deferred", (System.nanoTime() - t0) / 1e6, "ms", "");
      // Measure the wait from now until shortly before the deadline.
      Duration window = Duration.between(Instant.now(), deadline.minusSeconds(3));
      if (window.toSeconds() < 5) {
        throw new IllegalStateException("less than 5 s left to measure the wait: raise the delta");
      }
      System.gc();
      long cpu0 = processCpuNanos();
      long wall0 = System.nanoTime();
      double rssMax = 0;
      int threadsMax = 0;
      Instant measureEnd = Instant.now().plus(window);
      while (Instant.now().isBefore(measureEnd)) {
        rssMax = Math.max(rssMax, rssMb());
        threadsMax = Math.max(threadsMax, ManagementFactory.getThreadMXBean().getThreadCount());
        Thread.sleep(500);
      }
      double cpuPercent = 100.0 * (processCpuNanos() - cpu0) / (System.nanoTime() - wall0);
      row("daemon resident memory before the run", rssBefore, "MB", "");
      row("daemon resident memory while " + tasks + " tasks wait (max)", rssMax, "MB", "");
      row("daemon CPU while they wait (" + window.toSeconds() + " s window, % of one core)", cpuPercent, "%", "");
      row("JVM threads while they wait (max)", threadsMax, "", "no thread per task");
      row("tasks running (holding a slot) while they wait", aloft.stores().pools().get("bench_deferred")
          .orElseThrow().running(), "", "");

      Instant end = deadline.plusSeconds(300);
      DagRunRow now = run;
      while (!now.state().isFinished() && Instant.now().isBefore(end)) {
        Thread.sleep(200);
        now = aloft.stores().runs().get(run.dagId(), run.runId()).orElseThrow();
      }
      List<TaskInstanceRow> tis = aloft.stores().taskInstances().listForRun(run.dagId(), run.runId());
      Stats resumed = new Stats();
      Stats ended = new Stats();
      int ok = 0;
      for (TaskInstanceRow ti : tis) {
        if (ti.state() == TaskState.SUCCESS && ti.tryNumber() == 1) {
          ok++;
          resumed.add(Duration.between(deadline, ti.startDate()).toNanos() / 1e6);
          ended.add(Duration.between(deadline, ti.endDate()).toNanos() / 1e6);
        }
      }
      row("run state", 0, "", now.state().airflowName() + " (" + ok + " of " + tasks + " succeeded in try 1)");
      row("resume lateness after the deadline (resumed try starts), p50", resumed.median(), "ms", "");
      row("resume lateness p99", resumed.p(99), "ms", "");
      row("resume lateness max", resumed.p(100), "ms", "");
      row("end lateness after the deadline (task success), p50", ended.median(), "ms", "");
      row("end lateness p99", ended.p(99), "ms", "");
    }
  }

  private static String dag(int tasks, int delta) {
    return String.join("\n",
        "import datetime",
        "from airflow import DAG",
        "from airflow.sensors.time_delta import TimeDeltaSensorAsync",
        "with DAG('bench_deferred', start_date=datetime.datetime(2024, 1, 1), schedule=None, catchup=False,",
        "         max_active_tasks=" + tasks + "):",
        "    for i in range(" + tasks + "):",
        "        TimeDeltaSensorAsync(task_id='wait_%04d' % i, delta=datetime.timedelta(seconds=" + delta + "),",
        "                             pool='bench_deferred')",
        "");
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double rssMb() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  private static void row(String what, double value, String unit, String note) {
    System.out.printf("%-66s %10.1f %-3s %s%n", what, value, unit, note);
  }
}
