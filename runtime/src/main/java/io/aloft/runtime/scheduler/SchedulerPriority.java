package io.aloft.runtime.scheduler;

import io.aloft.runtime.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A higher CPU priority for the scheduler's thread, for the embedded PostgreSQL backend that serves its connection and
 * for the JVM's VM thread (whose garbage collections stop the pass): a lower nice value ({@code scheduler_nice}) and
 * the real-time class {@code SCHED_FIFO} at its lowest priority, 1 ({@code scheduler_realtime}).
 *
 * <p>A pass is ~12 ms of CPU over ~6 round trips; on a machine whose cores the tasks' own processes keep busy, each
 * round trip waited for a processor behind them (64 ms a pass of waiting, measured by {@code scripts/bench scale
 * runs}), so the pass, and with it every task's start, took the machine's load. Nice -10 cut the wait to ~18 ms: the
 * kernel lets a waking thread of higher weight run soon, not at once. A real-time thread runs at once, before every
 * normal one (wait ~0.2 ms a pass). These threads sleep between passes and between round trips, so they take no more
 * than they did; the kernel keeps 5 % of each second for normal threads whatever real-time ones do
 * ({@code sched_rt_runtime_us}).
 *
 * <p>The real-time class is for the scheduler of the embedded PostgreSQL ({@code auto}, the default): its backend
 * can be raised with it. Against a shared server the backend keeps the normal priority, and where two daemons on one
 * machine both put their threads in the class, they ran at 52-78 % of one daemon's throughput (110-118 % without;
 * {@code scripts/bench scale daemons}).
 *
 * <p>Raising a priority needs root or {@code CAP_SYS_NICE}, or else a nice limit ({@code RLIMIT_NICE}, systemd's
 * {@code LimitNICE=}) and a real-time limit ({@code RLIMIT_RTPRIO}, {@code LimitRTPRIO=}): without them the scheduler
 * says so once and goes on at the priority it has. Linux only ({@code /proc/thread-self}, renice(1), chrt(1)).
 */
public final class SchedulerPriority {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerPriority.class);
  private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

  private final int nice;
  private final boolean realtime;
  private final boolean localServer;
  private volatile boolean refused;
  private volatile boolean realtimeRefused;
  private int backend = -1;

  private SchedulerPriority(int nice, boolean realtime, boolean localServer) {
    this.nice = nice;
    this.realtime = realtime;
    this.localServer = localServer;
  }

  /**
   * @param setting {@code scheduler_nice}: a nice value from -20 to 19, 0 leaves the priority alone
   * @param realtimeSetting {@code scheduler_realtime}: auto (the default: with the embedded PostgreSQL), true or false;
   *     never with a positive nice value (a scheduler asked to yield to the tasks), nor on a machine with one processor
   * @param localServer whether the store's server runs on this machine (the embedded one), so its backends can be reniced
   */
  public static SchedulerPriority of(Optional<String> setting, Optional<String> realtimeSetting, boolean localServer) {
    String rt = realtimeSetting.map(String::strip).filter(s -> !s.isEmpty()).orElse("auto");
    if (!rt.equalsIgnoreCase("auto") && !rt.equalsIgnoreCase("true") && !rt.equalsIgnoreCase("false")) {
      throw new ConfigException("ALOFT_SCHEDULER_REALTIME must be auto (the real-time class with the embedded"
          + " PostgreSQL, not with a shared one), true (the scheduler's thread, its embedded PostgreSQL backend and the"
          + " JVM's VM thread run in the real-time class SCHED_FIFO) or false; got '" + rt + "'");
    }
    boolean wantRealtime = rt.equalsIgnoreCase("auto") ? localServer : Boolean.parseBoolean(rt);
    String v = setting.map(String::strip).filter(s -> !s.isEmpty()).orElse("-10");
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      n = Integer.MIN_VALUE;
    }
    if (n < -20 || n > 19) {
      throw new ConfigException("ALOFT_SCHEDULER_NICE must be a nice value from -20 (highest priority) to 19, 0 leaving"
          + " the scheduler's priority alone; got '" + v + "'");
    }
    // On one processor a long pass (a 10,000-task DAG's first) would hold the only one, the API's threads waiting.
    return new SchedulerPriority(n, wantRealtime && n <= 0 && PROCESSORS >= 2, localServer);
  }

  /** Leaves every priority alone (tests, {@code dags test}). */
  public static SchedulerPriority none() {
    return new SchedulerPriority(0, false, false);
  }

  public int nice() {
    return nice;
  }

  /** Whether the threads are put in the real-time class (asked for, the nice value not positive, 2+ processors). */
  public boolean realtime() {
    return realtime;
  }

  /** Raises the calling thread (the scheduler's, at its start). */
  void raiseThisThread() {
    currentThreadId().ifPresent(tid -> raise(tid, "the scheduler's thread", true));
  }

  /** The calling thread's id in the kernel (Linux); empty elsewhere. */
  static Optional<String> currentThreadId() {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
    } catch (IOException | UnsupportedOperationException notLinux) {
      return Optional.empty();
    }
  }

  /**
   * Renices the JVM's VM thread. HotSpot's garbage collections stop every thread until that thread is done (the serial
   * collector does the whole work in it): at the tasks' priority a collection's pause lasted as long as it waited for
   * a processor, and the pass waited with it (young pauses p50 25-40 -> 15 ms in {@code scripts/bench scale runs}).
   */
  void raiseVmThread() {
    // only raised: a scheduler asked to yield to the tasks does not slow every thread's collections
    vmThread().ifPresent(tid -> raise(tid, "the JVM's VM thread (garbage collections)", nice < 0));
  }

  /** The thread id of HotSpot's "VM Thread" on Linux; empty elsewhere. */
  static Optional<String> vmThread() {
    try (var threads = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : threads) {
        try {
          if (Files.readString(t.resolve("comm")).strip().equals("VM Thread")) {
            return Optional.of(t.getFileName().toString());
          }
        } catch (IOException ended) {
          // a thread that ended between the listing and the read
        }
      }
    } catch (IOException | UnsupportedOperationException notLinux) {
      // no /proc
    }
    return Optional.empty();
  }

  /**
   * Renices the backend behind the scheduler's connection when it is a new one (the pool replaces connections now and
   * then); costs nothing when it is not (the driver knows its backend's pid).
   */
  void raiseBackendOf(Connection connection) {
    if (nice == 0 && !realtime || !localServer) {
      return;
    }
    int pid;
    try {
      if (!connection.isWrapperFor(PGConnection.class)) {
        return;
      }
      pid = connection.unwrap(PGConnection.class).getBackendPID();
    } catch (SQLException e) {
      return;
    }
    if (pid != backend) {
      backend = pid;
      raise(Integer.toString(pid), "its PostgreSQL backend", true);
    }
  }

  /** Gives the thread or process {@code id} the nice value (where {@code withNice}) and the real-time class. */
  private void raise(String id, String what, boolean withNice) {
    if (withNice && nice != 0 && !refused) {
      String said = run("renice", "-n", Integer.toString(nice), "-p", id);
      if (said == null) {
        LOG.debug("{} ({}) runs at nice {}", what, id, nice);
      } else {
        refused = true;
        LOG.info("The scheduler keeps the normal nice value: giving {} nice {} failed ({}). It needs root, CAP_SYS_NICE"
            + " or a nice limit (systemd: LimitNICE={}); ALOFT_SCHEDULER_NICE=0 stops trying", what, nice, said, nice);
      }
    }
    if (realtime && !realtimeRefused) {
      String said = run("chrt", "--fifo", "--pid", "1", id);
      if (said == null) {
        LOG.debug("{} ({}) runs in the real-time class (SCHED_FIFO 1)", what, id);
      } else {
        realtimeRefused = true;
        LOG.info("The scheduler stays out of the real-time class: giving {} SCHED_FIFO failed ({}). It needs root,"
            + " CAP_SYS_NICE or a real-time limit (systemd: LimitRTPRIO=1); ALOFT_SCHEDULER_REALTIME=false stops"
            + " trying", what, said);
      }
    }
  }

  /** Runs a command; null when it succeeded, else what it said. */
  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return null;
      }
      return said.isEmpty() ? command[0] + " exited with " + p.exitValue() : said;
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
