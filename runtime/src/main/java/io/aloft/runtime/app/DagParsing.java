package io.aloft.runtime.app;

/**
 * How far the daemon has got with parsing the DAGs folder, for the UI's "parsing DAG files: N of M" banner. A daemon
 * answers (UI, API) before its first pass over the folder is done, so that a folder of a thousand files does not
 * keep the web server shut for half a minute; this is how the UI says that the DAG list is not complete yet.
 *
 * <p>Written by the DAG-folder sync alone (one pass at a time), read by any request thread: thread-safe, lock-free. A
 * process that parses nothing (a CLI command, a web server over a store another daemon fills) stays {@link
 * Progress#idle() idle}.
 */
public final class DagParsing {

  /**
   * A snapshot.
   *
   * @param scanning the folder is being listed and compared with the store; the number of files to parse is not known
   *     yet
   * @param parsed files of the current pass parsed and recorded so far
   * @param total files the current pass parses (0 when no pass runs)
   */
  public record Progress(boolean scanning, int parsed, int total) {

    /** No pass runs: what the store holds is what the folder says (as of the last pass). */
    public boolean idle() {
      return !scanning && parsed >= total;
    }
  }

  private static final Progress IDLE = new Progress(false, 0, 0);

  private volatile Progress progress = IDLE;

  /** The daemon is about to start its first pass in the background: say so before the first request comes. */
  public void scanning() {
    progress = new Progress(true, 0, 0);
  }

  /** A pass starts parsing {@code files} files (changed or new ones). */
  public void passStarted(int files) {
    progress = new Progress(false, 0, files);
  }

  /** One more file of the current pass is parsed and recorded (or recorded as an import error). */
  public void fileDone() {
    Progress p = progress;
    progress = new Progress(false, Math.min(p.total(), p.parsed() + 1), p.total());
  }

  /** The pass ended, whether every file was recorded or the store went away half-way. */
  public void passEnded() {
    progress = IDLE;
  }

  public Progress progress() {
    return progress;
  }
}
