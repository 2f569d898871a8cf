package io.aloft.runtime.cli;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.Daemon;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TiKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import org.apache.commons.io.FileUtils;

/**
 * {@code aloft dags test}: one run in this process, no daemon needed, printing each task's state and
 * log as it finishes. It uses a private, temporary store so a running daemon never picks up its tasks.
 */
@Command(name = "test", description = "Run one DAG run in-process (no daemon needed), printing each task's state and log")
final class DagTestCommand implements Callable<Integer> {

  @ParentCommand DagsCommand parent;
  @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
  @Option(names = {"-c", "--conf"}, description = "JSON object, the run's conf") String conf;

  @Override
  public Integer call() throws Exception {
    CliContext c = parent.root.context();
    Map<String, Object> confMap = DagsCommand.parseConf(conf);
    Path home = Files.createTempDirectory("aloft-dags-test-");
    AloftConfig cfg = c.config().withPrivateHome(home);
    try (Aloft aloft = Aloft.openStore(cfg)) {
      DagRunRow finished;
      try (Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, false))) {
        finished = runAndReport(c, aloft.app(), cfg, confMap);
      }
      // Closing the daemon waited for the DAG's on_success/on_failure callback, if any: show what it logged.
      aloft.app().taskInstances().dagCallbackLog(dagId, finished.runId()).ifPresent(log -> {
        c.out().println("--- dag_callbacks:");
        log.lines().forEach(l -> c.out().println("    " + l));
        c.out().flush();
      });
      return finished.state() == RunState.SUCCESS ? 0 : 1;
    } finally {
      FileUtils.deleteQuietly(home.toFile());
    }
  }

  /** Triggers the run and prints each task as it finishes; returns the finished run. */
  private DagRunRow runAndReport(CliContext c, Application app, AloftConfig cfg, Map<String, Object> confMap)
      throws InterruptedException {
    if (app.dags().get(dagId).isEmpty()) {
      app.importErrors().list().forEach(e ->
          c.err().println("Import error: " + e.filename() + (e.lineno() == null ? "" : ":" + e.lineno()) + ": " + e.message()));
      throw new CliException("DAG '" + dagId + "' not found in " + cfg.dagsFolder());
    }
    DagRunRow run;
    try {
      run = app.runs().trigger(c.actor(), dagId, null, confMap, null);
    } catch (RuntimeException e) {
      throw new CliException(e.getMessage());
    }
    c.out().println("Testing " + dagId + ", run " + run.runId());
    Map<TiKey, String> printed = new HashMap<>();
    while (true) {
      DagRunRow now = app.runs().get(dagId, run.runId()).orElseThrow();
      for (TaskInstanceRow t : app.taskInstances().listForRun(dagId, run.runId())) {
        String mark = t.state() + "/" + t.tryNumber();
        if (isReportable(t.state()) && !mark.equals(printed.get(t.key()))) {
          printed.put(t.key(), mark);
          report(c, app, t);
        }
      }
      if (now.state().isFinished()) {
        reportOtherRuns(c, app, dagId);
        c.out().println("Run " + run.runId() + " of " + dagId + ": " + now.state().airflowName());
        c.out().flush();
        return now;
      }
      Thread.sleep(100);
    }
  }

  /**
   * Runs of other DAGs that this test started (TriggerDagRunOperator; the store is private, so there are no others),
   * with the logs of their failed tasks: why a triggered run failed is otherwise nowhere to be seen.
   */
  private static void reportOtherRuns(CliContext c, Application app, String dagId) {
    for (DagRunRow other : app.runs().page(null, java.util.List.of(), "logical_date", false, 100, 0)) {
      if (other.dagId().equals(dagId)) {
        continue;
      }
      c.out().println("Other run " + other.runId() + " of " + other.dagId() + ": " + other.state().airflowName());
      for (TaskInstanceRow t : app.taskInstances().listForRun(other.dagId(), other.runId())) {
        if (t.state() == TaskState.FAILED) {
          c.out().println("  --- " + t.dagId() + "." + t.taskId() + ": failed");
          app.taskInstances().log(t.dagId(), t.runId(), t.taskId(), t.mapIndex(), t.tryNumber(), 0)
              .ifPresent(log -> log.lines().forEach(l -> c.out().println("      " + l)));
        }
      }
    }
  }

  private static boolean isReportable(TaskState s) {
    return s.isFinished() || s == TaskState.UP_FOR_RETRY;
  }

  private static void report(CliContext c, Application app, TaskInstanceRow t) {
    String id = t.taskId() + (t.mapIndex() >= 0 ? "[" + t.mapIndex() + "]" : "");
    c.out().println("--- " + id + ": " + t.state().airflowName() + (t.note() != null ? " (" + t.note() + ")" : ""));
    // The instance's name from its task's map_index_template, as the UI and API show it.
    app.taskInstances().renderedMapIndex(t.key()).ifPresent(name -> c.out().println("    rendered_map_index: " + name));
    if (t.tryNumber() > 0) {
      app.taskInstances().log(t.dagId(), t.runId(), t.taskId(), t.mapIndex(), t.tryNumber(), 0)
          .ifPresent(log -> log.lines().forEach(l -> c.out().println("    " + l)));
    }
    c.out().flush();
  }

}
