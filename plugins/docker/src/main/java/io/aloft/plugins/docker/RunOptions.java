package io.aloft.plugins.docker;

import java.nio.file.Path;
import java.util.Set;

/**
 * How a task runs its container and what it returns, beyond the container itself.
 *
 * @param autoRemove when the container is removed
 * @param xcomAll return every output line instead of the last one
 * @param retrieveOutputPath a file in the container whose content is returned instead of output lines
 *     (parsed as JSON when it is JSON, else returned as text: Aloft cannot unpickle), or {@code null}
 * @param skipOnExitCodes exit codes that mark the try skipped instead of failed
 * @param tmpDir where a fresh host folder is bind-mounted in the container ({@code AIRFLOW_TMP_DIR}), or
 *     {@code null} to mount none ({@code mount_tmp_dir=False})
 * @param hostTmpDir the host folder in which that per-try folder is made, or {@code null} for the system's
 * @param forcePull pull the image before every run, not only when it is missing
 */
public record RunOptions(
    AutoRemove autoRemove,
    boolean xcomAll,
    String retrieveOutputPath,
    Set<Integer> skipOnExitCodes,
    String tmpDir,
    Path hostTmpDir,
    boolean forcePull) {

  public RunOptions {
    skipOnExitCodes = Set.copyOf(skipOnExitCodes);
  }

  /** Airflow's defaults: never remove, last line to XCom, {@code /tmp/airflow} mounted. */
  public static RunOptions defaults() {
    return new RunOptions(AutoRemove.NEVER, false, null, Set.of(), "/tmp/airflow", null, false);
  }

  public RunOptions withAutoRemove(AutoRemove value) {
    return new RunOptions(value, xcomAll, retrieveOutputPath, skipOnExitCodes, tmpDir, hostTmpDir, forcePull);
  }

  public RunOptions withTmpDir(String value) {
    return new RunOptions(autoRemove, xcomAll, retrieveOutputPath, skipOnExitCodes, value, hostTmpDir, forcePull);
  }
}
