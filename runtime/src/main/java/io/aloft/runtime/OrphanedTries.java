package io.aloft.runtime;

import io.aloft.runtime.execution.LeftWork;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.sdk.ResumableOperator;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.scheduler.RetryPolicy;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.WorkerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, finds tries left "running" by a daemon that is gone — an earlier process on this host, or
 * any daemon whose heartbeat stopped — and ends them as failed, retrying them while retries remain, so
 * a restart loses no run and never leaves a task running forever. A scheduler does the same, while it runs, for the
 * tries of a worker whose heartbeat stopped ({@link #endTriesOf}). A try failed or retried (not resumed) has its
 * recorded outside work (a container) stopped by its operator afterwards ({@link LeftWork}), so none is left behind.
 */
final class OrphanedTries {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanedTries.class);
  private static final Duration STALE = Duration.ofSeconds(60);

  private final Stores stores;
  private final Clock clock;
  private final OperatorRegistry registry;
  private final LeftWork leftWork;

  /** Without {@code leftWork}: ended tries' containers are not stopped (tests of the store's side only). */
  OrphanedTries(Stores stores, Clock clock, OperatorRegistry registry) {
    this(stores, clock, registry, null);
  }

  OrphanedTries(Stores stores, Clock clock, OperatorRegistry registry, LeftWork leftWork) {
    this.stores = stores;
    this.clock = clock;
    this.registry = registry;
    this.leftWork = leftWork;
  }

  /** Whether the try's work survives the daemon (a container) and can be attached to again. */
  private boolean resumable(TaskSpec task) {
    if (task == null || !"java".equals(task.executor())) {
      return false;
    }
    try {
      return registry.find(task.operator()).map(d -> d.factory().create(task.args()) instanceof ResumableOperator).orElse(false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  void recover(String ownHostname) {
    Instant now = clock.instant();
    String host = ownHostname.substring(0, ownHostname.lastIndexOf(':') + 1);
    for (TaskInstanceRow ti : stores.taskInstances().orphans(now.minus(STALE), host)) {
      if (ownHostname.equals(ti.hostname()) || livesHere(host, ti.hostname(), now)) {
        continue;
      }
      end(ti, "the daemon running this try (" + ti.hostname() + ") stopped", now);
    }
  }

  /**
   * Ends the running tries of a worker whose heartbeat stopped ({@link io.aloft.runtime.worker.LostWorkers}), as
   * {@link #recover} ends those of a daemon gone at start: resumed once when their work outlives the worker, else
   * retried per {@code retries} or failed.
   */
  void endTriesOf(String workerHostname) {
    Instant now = clock.instant();
    for (TaskInstanceRow ti : stores.taskInstances().runningOn(workerHostname)) {
      end(ti, "the worker running this try (" + ti.hostname() + ") stopped sending heartbeats", now);
    }
  }

  /**
   * Whether a try's process is another live process on this machine (a second worker started beside this one, with
   * the same host name): the worker table says it heart-beats, so its tries are not orphans.
   */
  private boolean livesHere(String ownHostPrefix, String tryHostname, Instant now) {
    return tryHostname != null && tryHostname.startsWith(ownHostPrefix)
        && new WorkerStore(stores.jdbi()).alive(tryHostname, now.minus(STALE));
  }

  private void end(TaskInstanceRow ti, String note, Instant now) {
    DagRunRow run = stores.runs().get(ti.dagId(), ti.runId()).orElse(null);
    if (run == null) {
      return;
    }
    TaskSpec task = stores.dags().spec(run.dagId(), run.specHash()).task(ti.taskId()).orElse(null);
    if (resumable(task)
        && stores.jdbi().inTransaction(h -> stores.taskInstances().requeueToResume(h, ti.key(), ti.tryNumber(), now))) {
      LOG.warn("{} try {}: its process ({}) stopped; resuming the same try (re-attaching to its work)", ti.key(), ti.tryNumber(), ti.hostname());
      return;
    }
    boolean retry = task != null && RetryPolicy.hasRetriesLeft(ti.tryNumber(), ti.maxTries());
    Instant next = retry ? RetryPolicy.nextRetryAt(run.dagId(), task, run.logicalDate(), ti.tryNumber(), now) : null;
    boolean done = stores.jdbi().inTransaction(h ->
        stores.taskInstances().finishTry(h, ti.key(), ti.tryNumber(), retry ? TaskState.UP_FOR_RETRY : TaskState.FAILED, now, next, note));
    if (done) {
      LOG.warn("{} try {}: {}; marked {}", ti.key(), ti.tryNumber(), note, retry ? "up_for_retry" : "failed");
      if (leftWork != null) {
        leftWork.cleanUp(ti, run, task); // never throws: a failure is logged, the try stays ended
      }
    }
  }
}
