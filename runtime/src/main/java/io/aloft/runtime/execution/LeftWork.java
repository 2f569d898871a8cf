package io.aloft.runtime.execution;

import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.sdk.Operator;
import io.aloft.sdk.RunInfo;
import io.aloft.sdk.TaskIdentity;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the outside work (a Docker container) of a try that was ended without its thread: by the executor's
 * sweeper, or because the daemon or worker that ran it is gone and the try is failed or retried rather than resumed.
 * Only the try's own operator knows how, and only the try's own runner knew the work; so a fresh operator is built
 * from the task's arguments (as the resume check builds one) and its {@link Operator#onKill} is called with a context
 * whose {@link io.aloft.sdk.TaskContext#recordedWork} is what the try recorded. Nothing is done for a try that
 * recorded no work, so operators that start nothing outside (Bash, Python) are never built here.
 *
 * <p>Best effort, after the try's end is written: a failure is logged (and written to the try's log) and never keeps
 * the try from ending. Stateless and thread-safe; {@link #cleanUp} blocks while the operator stops its work (a
 * container's stop grace, 10 s at most for Docker).
 */
public final class LeftWork {

  private static final Logger LOG = LoggerFactory.getLogger(LeftWork.class);

  private final Stores stores;
  private final OperatorRegistry registry;
  private final LogFiles logs;
  private final Clock clock;
  private final Map<String, String> settings;

  public LeftWork(Stores stores, OperatorRegistry registry, LogFiles logs, Clock clock, Map<String, String> settings) {
    this.stores = stores;
    this.registry = registry;
    this.logs = logs;
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Asks the operator of {@code task} to stop and remove what try {@code ti} recorded it started. Returns whether
   * the operator was asked (the try had recorded work and its operator is known); never throws.
   */
  public boolean cleanUp(TaskInstanceRow ti, DagRunRow run, TaskSpec task) {
    try {
      if (task == null || run == null || !"java".equals(task.executor())) {
        return false;
      }
      Optional<String> work = stores.taskInstances().recordedWork(ti.key(), ti.tryNumber());
      if (work.isEmpty()) {
        return false;
      }
      var descriptor = registry.find(task.operator());
      if (descriptor.isEmpty()) {
        LOG.warn("try {} {}: cannot stop its work {}: operator {} is not installed any more", ti.key(), ti.tryNumber(),
            work.get(), task.operator());
        return false;
      }
      // The arguments are not rendered (the try's template context is gone, and a Variable may have changed since):
      // the record names the work, and where a place is templatable it names that too (a Docker try records the
      // engine its docker_url rendered to), so the operator reads the record before its arguments.
      Operator operator = descriptor.get().factory().create(task.args());
      SecretMasker masker = new SecretMasker(SensitiveNames.of(settings));
      try (TryLog log = new TryLog(logs.path(ti.dagId(), ti.runId(), ti.taskId(), ti.mapIndex(), ti.tryNumber()), masker, clock)) {
        TryContext ctx = new TryContext(
            new TaskIdentity(ti.dagId(), ti.runId(), ti.taskId(), ti.mapIndex(), ti.tryNumber()),
            new RunInfo(run.runType(), run.logicalDate(), run.dataIntervalStart(), run.dataIntervalEnd()),
            log, run.conf(), stores, masker, clock, settings, true);
        ctx.operatorOfPlugin(registry.pluginOf(task.operator()));
        ctx.cancel();
        log.info("The try ended without its thread: stopping the work it started (" + work.get() + ")");
        try {
          operator.onKill(ctx);
        } catch (RuntimeException e) {
          log.warn("Stopping the try's work failed: " + e.getMessage());
          throw e;
        }
      }
      return true;
    } catch (RuntimeException e) {
      LOG.warn("try {} {}: stopping the work it left behind failed ({}); remove it by hand", ti.key(), ti.tryNumber(), e.toString());
      return false;
    }
  }
}
