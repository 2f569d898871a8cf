package io.aloft.runtime.execution;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where each try's log lives: {@code <logs>/dag_id=D/run_id=R/task_id=T/[map_index=M/]attempt=N.log},
 * Airflow's layout. Logs are kept after failure; only {@link #deleteRun} (for {@code aloft db clean} and the
 * retention) removes them, a whole run's folder at a time.
 */
public final class LogFiles {

  private final Path root;

  public LogFiles(Path root) {
    this.root = root;
  }

  public Path path(String dagId, String runId, String taskId, int mapIndex, int tryNumber) {
    Path dir = root.resolve("dag_id=" + safe(dagId)).resolve("run_id=" + safe(runId)).resolve("task_id=" + safe(taskId));
    if (mapIndex >= 0) {
      dir = dir.resolve("map_index=" + mapIndex);
    }
    return dir.resolve("attempt=" + tryNumber + ".log");
  }

  /** Where a run's DAG-level callbacks ({@code on_success_callback}, {@code on_failure_callback}) write. */
  public Path dagCallbackPath(String dagId, String runId) {
    return root.resolve("dag_id=" + safe(dagId)).resolve("run_id=" + safe(runId)).resolve("dag_callbacks.log");
  }

  /** What a run's DAG-level callbacks logged, or empty when they wrote nothing. */
  public Optional<String> readDagCallbacks(String dagId, String runId) {
    Path p = dagCallbackPath(dagId, runId);
    try {
      return Files.isRegularFile(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8)) : Optional.empty();
    } catch (IOException e) {
      return Optional.of("*** cannot read log " + p + ": " + e.getMessage());
    }
  }

  /** The log text from byte {@code offset} on (for live tail), or empty when the try has no log. */
  public Optional<String> read(String dagId, String runId, String taskId, int mapIndex, int tryNumber, long offset) {
    Path p = path(dagId, runId, taskId, mapIndex, tryNumber);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
      long len = f.length();
      long from = Math.max(0, Math.min(offset, len));
      byte[] buf = new byte[(int) Math.min(len - from, 64L * 1024 * 1024)];
      f.seek(from);
      f.readFully(buf);
      return Optional.of(new String(buf, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.of("*** cannot read log " + p + ": " + e.getMessage());
    }
  }

  /** The number of log files of one run (for a dry run of {@code aloft db clean}). */
  public long countRun(String dagId, String runId) {
    return walkRun(dagId, runId, false);
  }

  /** Deletes one run's log folder; returns the number of log files deleted (0 when the run has none). */
  public long deleteRun(String dagId, String runId) {
    return walkRun(dagId, runId, true);
  }

  private long walkRun(String dagId, String runId, boolean delete) {
    Path dir = root.resolve("dag_id=" + safe(dagId)).resolve("run_id=" + safe(runId));
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      // deepest first, so that each folder is empty when its turn comes
      List<Path> paths = all.sorted(java.util.Comparator.reverseOrder()).toList();
      long files = paths.stream().filter(Files::isRegularFile).count();
      if (delete) {
        for (Path p : paths) {
          Files.deleteIfExists(p);
        }
      }
      return files;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot delete the logs in " + dir + ": " + e.getMessage()
          + " (check that this user owns the logs folder)", e);
    }
  }

  private static String safe(String s) {
    // run ids may contain ':' and '+' (manual__2024-01-01T00:00:00+00:00); only '/' would break the layout
    return s.replace('/', '_');
  }
}
