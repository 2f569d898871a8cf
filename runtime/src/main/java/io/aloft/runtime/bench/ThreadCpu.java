package io.aloft.runtime.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The processor time of every thread of some processes, read from Linux's {@code /proc/<pid>/task/<tid>/schedstat}
 * (nanoseconds on a processor): what a benchmark step costs in CPU, which a loaded machine does not distort as it
 * does wall time. A snapshot is taken before and after the step; {@link #since} gives the difference. Empty where
 * {@code /proc} has no such files (other systems): the figures then read 0.
 */
final class ThreadCpu {

  /** Nanoseconds on a processor by process id, then by {@code thread name#tid}. */
  private final Map<Long, Map<String, Long>> byProcess;

  private ThreadCpu(Map<Long, Map<String, Long>> byProcess) {
    this.byProcess = byProcess;
  }

  static ThreadCpu of(List<Long> pids) {
    Map<Long, Map<String, Long>> all = new HashMap<>();
    for (long pid : pids) {
      Map<String, Long> threads = new HashMap<>();
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
        for (Path task : tasks) {
          try {
            String name = Files.readString(task.resolve("comm")).strip();
            String schedstat = Files.readString(task.resolve("schedstat"));
            threads.put(name + "#" + task.getFileName(), Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
          } catch (IOException | RuntimeException ended) {
            // the thread ended meanwhile: its time is not counted
          }
        }
      } catch (IOException | RuntimeException noProc) {
        // not Linux, or the process ended
      }
      all.put(pid, threads);
    }
    return new ThreadCpu(all);
  }

  /** Processor time spent by {@code pid} between {@code before} and this snapshot, in ns. */
  long since(ThreadCpu before, long pid) {
    return threads(before, pid).stream().mapToLong(Map.Entry::getValue).sum();
  }

  /** The threads of {@code pid} that spent the most since {@code before}, as "name ms" with {@code per} dividing. */
  String busiest(ThreadCpu before, long pid, int count, int per) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : threads(before, pid).stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(count).toList()) {
      out.add(String.format("%s %.2f", e.getKey().substring(0, e.getKey().lastIndexOf('#')), e.getValue() / 1e6 / per));
    }
    return String.join(", ", out);
  }

  private List<Map.Entry<String, Long>> threads(ThreadCpu before, long pid) {
    Map<String, Long> then = before.byProcess.getOrDefault(pid, Map.of());
    List<Map.Entry<String, Long>> spent = new ArrayList<>();
    byProcess.getOrDefault(pid, Map.of()).forEach((thread, ns) -> spent.add(Map.entry(thread, ns - then.getOrDefault(thread, 0L))));
    return spent;
  }
}
