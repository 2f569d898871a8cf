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
 * A higher CPU priority (a lower nice value, {@code scheduler_nice}) for the scheduler's thread, for the embedded
 * PostgreSQL backend that serves its connection and for the JVM's VM thread (whose garbage collections stop the pass).
 * A pass is ~15 ms of CPU over ~6 round trips; on a machine whose cores the tasks' own processes keep busy, each round trip waited for a processor behind them (64 ms a pass of waiting,
 * measured by {@code scripts/bench scale runs}), so the pass, and with it every task's start, took the machine's load.
 * Raising a priority needs root, {@code CAP_SYS_NICE} or an {@code RLIMIT_NICE} (systemd's {@code LimitNICE=}): without
 * them the scheduler says so once and runs at the normal priority. Linux only ({@code /proc/thread-self}, renice(1)).
 */
public final class SchedulerPriority {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerPriority.class);

  private final int nice;
  private final boolean localServer;
  private volatile boolean refused;
  private int backend = -1;

  private SchedulerPriority(int nice, boolean localServer) {
    this.nice = nice;
    this.localServer = localServer;
  }

  /**
   * @param setting {@code scheduler_nice}: a nice value from -20 to 19, 0 leaves the priority alone
   * @param localServer whether the store's server runs on this machine (the embedded one), so its backends can be reniced
   */
  public static SchedulerPriority of(Optional<String> setting, boolean localServer) {
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
    return new SchedulerPriority(n, localServer);
  }

  /** Leaves every priority alone (tests, {@code dags test}). */
  public static SchedulerPriority none() {
    return new SchedulerPriority(0, false);
  }

  public int nice() {
    return nice;
  }

  /** Renices the calling thread (the scheduler's, at its start). */
  void raiseThisThread() {
    if (nice != 0) {
      currentThreadId().ifPresent(tid -> renice(tid, "the scheduler's thread"));
    }
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
    if (nice < 0) { // only raised: a scheduler asked to yield to the tasks does not slow every thread's collections
      vmThread().ifPresent(tid -> renice(tid, "the JVM's VM thread (garbage collections)"));
    }
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
    if (nice == 0 || !localServer || refused) {
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
      renice(Integer.toString(pid), "its PostgreSQL backend");
    }
  }

  private void renice(String id, String what) {
    if (refused) {
      return;
    }
    String said;
    try {
      Process p = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", id).redirectErrorStream(true).start();
      said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        LOG.debug("{} ({}) runs at nice {}", what, id, nice);
        return;
      }
    } catch (IOException e) {
      said = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    refused = true;
    LOG.info("The scheduler runs at the normal CPU priority: giving {} nice {} failed ({}). It needs root, CAP_SYS_NICE"
        + " or a nice limit (systemd: LimitNICE={}); ALOFT_SCHEDULER_NICE=0 stops trying", what, nice, said, nice);
  }
}
