package io.aloft.runtime.python;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * TEMPORARY (issue 16 profiling; not to be merged): where one DAG-file evaluation spends its time, part by part, in
 * the daemon and in a worker process ({@code System.nanoTime} is the same monotonic clock in both on Linux). On with
 * {@code -Daloft.python.timing=true}, which the workers inherit; off, nothing is recorded. Thread-safe.
 */
public final class CallTiming {

  public static final boolean ON = Boolean.getBoolean("aloft.python.timing");
  public static final int SUBMIT = 0;
  public static final int SENT = 1;
  public static final int WORKER_READ = 2;
  public static final int START = 3;
  public static final int EVALUATED = 4;
  public static final int CHECKED = 5;
  public static final int REPLY_READ = 6;
  public static final int WOKE = 7;
  public static final int SPECS = 8;
  public static final int CPU_EVAL = 9;
  public static final int CPU_CHECK = 10;
  public static final int CPU_CALLER = 11;
  private static final int SIZE = 12;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final ConcurrentLinkedQueue<long[]> DONE = new ConcurrentLinkedQueue<>();

  private CallTiming() {}

  static long[] fresh() {
    long[] t = new long[SIZE];
    Arrays.fill(t, -1);
    long now = System.nanoTime();
    t[SUBMIT] = now;
    t[SENT] = now;
    t[WORKER_READ] = now;
    return t;
  }

  public static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  public static void done(long[] t) {
    DONE.add(t);
  }

  /** Medians of the parts of the last {@code last} calls recorded, in ms; clears the record. */
  public static String drainSummary(int last) {
    List<long[]> all = new ArrayList<>();
    for (long[] t; (t = DONE.poll()) != null; ) {
      all.add(t);
    }
    List<long[]> used = all.subList(Math.max(0, all.size() - last), all.size());
    String[] names = {"request write", "to the worker's reader", "dispatch to the context", "evaluation",
        "isolation check", "reply write+read", "caller wakes", "JSON to specs", "total"};
    int[][] spans = {{SUBMIT, SENT}, {SENT, WORKER_READ}, {WORKER_READ, START}, {START, EVALUATED},
        {EVALUATED, CHECKED}, {CHECKED, REPLY_READ}, {REPLY_READ, WOKE}, {WOKE, SPECS}, {SUBMIT, SPECS}};
    StringBuilder b = new StringBuilder("  parts, p50 of " + used.size() + " (ms):");
    for (int i = 0; i < names.length; i++) {
      int from = spans[i][0];
      int to = spans[i][1];
      b.append(String.format(" %s %.3f;", names[i], median(used, t -> t[to] - t[from])));
    }
    b.append(String.format(" CPU: evaluation %.3f, check %.3f, caller %.3f", median(used, t -> t[CPU_EVAL]),
        median(used, t -> t[CPU_CHECK]), median(used, t -> t[CPU_CALLER])));
    return b.toString();
  }

  private static double median(List<long[]> used, java.util.function.ToLongFunction<long[]> part) {
    long[] v = used.stream().mapToLong(part).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[v.length / 2] / 1e6;
  }
}
