package io.aloft.runtime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time as Linux accounts it ({@code /proc}), for benchmarks that must say where a process's time goes rather than
 * guess: the whole machine's busy share ({@code /proc/stat}), a process tree's CPU (a daemon, its Python workers and
 * the task processes it ran), and a process's threads by name (the JVM names its native threads after its Java threads,
 * cut to 15 characters). Readings are in clock ticks of 10 ms; elsewhere than Linux every reading is zero.
 * Stateless; each method reads {@code /proc} once.
 */
final class ProcCpu {

  private static final double TICK_S = 0.01;

  private ProcCpu() {}

  /** The machine's CPU counters: busy (user, nice, system, irq, softirq, steal) and all ticks, summed over cores. */
  record Machine(long busy, long total) {

    static Machine now() {
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle and iowait
        return new Machine(total - idle, total);
      } catch (IOException | RuntimeException e) {
        return new Machine(0, 0);
      }
    }

    /** Busy share of all cores since {@code before}, in percent (100: every core busy all the time). */
    double busyPercentSince(Machine before) {
      long t = total - before.total;
      return t <= 0 ? Double.NaN : 100.0 * (busy - before.busy) / t;
    }
  }

  /**
   * CPU seconds of {@code pid} and of every process below it, the ended and reaped ones included (their time moved
   * into their parent's {@code cutime}/{@code cstime}).
   */
  static double treeSeconds(long pid) {
    double s = processSeconds(pid, true);
    boolean postgres = ProcessHandle.of(pid).flatMap(h -> h.info().command()).orElse("").endsWith("/postgres");
    for (ProcessHandle d : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
      // below a daemon, a PostgreSQL it started is counted on its own (the embedded one is usually a child of init)
      if (postgres || !d.info().command().orElse("").endsWith("/postgres")) {
        s += processSeconds(d.pid(), true);
      }
    }
    return s;
  }

  /** User and system CPU seconds of a process, with those of its reaped children when {@code withChildren}. */
  static double processSeconds(long pid, boolean withChildren) {
    long[] f = statTimes(Path.of("/proc", Long.toString(pid), "stat"));
    return (f[0] + f[1] + (withChildren ? f[2] + f[3] : 0)) * TICK_S;
  }

  /** utime, stime, cutime, cstime of a {@code stat} file (zeros when it is gone). */
  private static long[] statTimes(Path stat) {
    try {
      String[] f = statFields(stat);
      // fields 14-17 of proc(5), here shifted by the three up to the ')'
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    } catch (IOException | RuntimeException e) {
      return new long[4];
    }
  }

  /**
   * How the kernel schedules the thread or process whose {@code stat} file this is: "nice N", or "SCHED_FIFO P" (and
   * the other real-time and batch classes, fields 40-41) with the nice value the normal class would use.
   */
  static String priority(Path stat) {
    try {
      String[] f = statFields(stat);
      String policy = switch (f[38]) {
        case "0" -> null;
        case "1" -> "SCHED_FIFO " + f[37];
        case "2" -> "SCHED_RR " + f[37];
        case "3" -> "SCHED_BATCH";
        case "5" -> "SCHED_IDLE";
        default -> "policy " + f[38];
      };
      return policy == null ? "nice " + f[16] : policy + ", nice " + f[16];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** A {@code stat} file's fields after the command name (which may hold spaces): field 3 of proc(5) first. */
  private static String[] statFields(Path stat) throws IOException {
    String s = Files.readString(stat);
    return s.substring(s.lastIndexOf(')') + 2).split(" ");
  }

  /** A process's threads: name to CPU ticks, threads of the same name summed. */
  static Map<String, Long> threads(long pid) {
    Map<String, Long> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+$", "#");
          long[] t = statTimes(task.resolve("stat"));
          out.merge(name, t[0] + t[1], Long::sum);
        } catch (IOException gone) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException e) {
      // not Linux, or the process ended
    }
    return out;
  }

  /**
   * Prints the threads that used CPU between two {@link #threads} readings of one process, most first, as
   * {@code name ms (share of a core)}, the rest summed.
   */
  static void printThreads(String label, Map<String, Long> before, Map<String, Long> after, double seconds, int top) {
    List<Map.Entry<String, Long>> used = new ArrayList<>();
    after.forEach((name, ticks) -> {
      long d = ticks - before.getOrDefault(name, 0L);
      if (d > 0) {
        used.add(Map.entry(name, d));
      }
    });
    used.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    long all = used.stream().mapToLong(Map.Entry::getValue).sum();
    StringBuilder b = new StringBuilder("     ").append(label).append(String.format(": %.0f ms", all * TICK_S * 1000));
    for (int i = 0; i < used.size(); i++) {
      if (i == top) {
        long rest = used.subList(top, used.size()).stream().mapToLong(Map.Entry::getValue).sum();
        b.append(String.format("; %d other threads %.0f ms", used.size() - top, rest * TICK_S * 1000));
        break;
      }
      Map.Entry<String, Long> e = used.get(i);
      b.append(String.format("; %s %.0f ms (%.2f %%)", e.getKey(), e.getValue() * TICK_S * 1000,
          100 * e.getValue() * TICK_S / seconds));
    }
    System.out.println(b);
  }
}
