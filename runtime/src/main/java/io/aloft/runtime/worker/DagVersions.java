package io.aloft.runtime.worker;

import io.aloft.runtime.execution.GraalPythonInvoker;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's check that the DAG file it is about to load for a Python try is the version the scheduler last parsed
 * (the hash in {@code dag_code}): a worker on another machine has its own copy of the DAGs folder, and a copy that
 * differs (an older deploy, another branch) would run code the scheduler never saw. Compared with the file's latest
 * parsed version, not the run's, as Airflow 2's workers load the current file. A file that changed legitimately in a
 * shared folder is re-parsed by the scheduler within seconds, so a mismatch is re-asked for {@code grace} before the
 * try is refused. A store that cannot be asked lets the try run (the try itself then meets the outage).
 *
 * <p>Used only by processes without the scheduler role: a standalone daemon loads the file it parses itself.
 * Thread-safe (stateless); a refused check blocks its caller for at most {@code grace}.
 */
public final class DagVersions implements GraalPythonInvoker.FileCheck {

  private static final Logger LOG = LoggerFactory.getLogger(DagVersions.class);
  private static final Duration POLL = Duration.ofSeconds(1);

  private final Function<String, Optional<String>> parsedHash;
  private final Duration grace;
  private final String worker;

  /**
   * @param parsedHash the hash of a file's latest parsed version ({@code DagStore::codeHash}); empty when the
   *     scheduler has none (then nothing is checked)
   * @param grace how long a mismatch is re-asked before the try is refused
   * @param worker this worker's name, for the message
   */
  public DagVersions(Function<String, Optional<String>> parsedHash, Duration grace, String worker) {
    this.parsedHash = parsedHash;
    this.grace = grace;
    this.worker = worker;
  }

  @Override
  public Optional<String> refusal(String fileloc, String foundHash) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    Optional<String> expected = parsed(fileloc);
    while (expected.isPresent() && !expected.get().equals(foundHash) && System.nanoTime() < deadline) {
      Thread.sleep(POLL);
      expected = parsed(fileloc);
    }
    if (expected.isEmpty() || expected.get().equals(foundHash)) {
      return Optional.empty();
    }
    return Optional.of("the DAG file " + fileloc + " on worker " + worker + " is not the version the scheduler parsed: "
        + "expected content sha256 " + shortHash(expected.get()) + ", found " + shortHash(foundHash) + " (still after "
        + grace.toSeconds() + " s). Deploy the same DAGs folder, at the same path, on the scheduler and every worker "
        + "(a shared folder, or the same checkout on each machine), then clear the task; the try is retried per "
        + "retries");
  }

  private Optional<String> parsed(String fileloc) {
    try {
      return parsedHash.apply(fileloc);
    } catch (RuntimeException e) {
      LOG.warn("cannot read the parsed version of {} ({}); running the try unchecked", fileloc, e.toString());
      return Optional.empty();
    }
  }

  private static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }
}
