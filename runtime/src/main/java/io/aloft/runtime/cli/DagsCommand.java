package io.aloft.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.scheduler.InvalidConfException;
import io.aloft.runtime.scheduler.UnknownDagException;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.DuplicateRunException;
import io.aloft.runtime.store.TaskInstanceRow;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "dags", description = "Manage DAGs", subcommands = {
    DagsCommand.ListDags.class, DagsCommand.ListImportErrors.class, DagsCommand.ListRuns.class,
    DagsCommand.Trigger.class, DagsCommand.Pause.class, DagsCommand.Unpause.class, DagTestCommand.class, DagUploadCommand.class,
    DagsDeleteCommand.class, DagsBackfillCommand.class})
final class DagsCommand {

  @ParentCommand Root root;

  @Command(name = "list", description = "List the DAGs")
  static final class ListDags implements Runnable {
    @ParentCommand DagsCommand parent;
    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json or plain") Output.Format output;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Application app = c.app();
      List<Map<String, Object>> rows = app.dags().listActive().stream().map(d -> {
        var spec = app.dags().spec(d);
        return Output.row("dag_id", d.dagId(), "fileloc", d.fileloc(), "owners", spec.owner(), "is_paused", d.isPaused(),
            "schedule_interval", spec.schedule() == null ? null : spec.schedule().expression(), "tags", spec.tags(),
            "next_dagrun", d.nextDagrun());
      }).toList();
      Output.print(c.out(), output, List.of("dag_id", "fileloc", "owners", "is_paused"), rows);
    }
  }

  @Command(name = "list-import-errors", description = "List DAG files that failed to load")
  static final class ListImportErrors implements Runnable {
    @ParentCommand DagsCommand parent;
    @Option(names = {"-o", "--output"}, defaultValue = "table") Output.Format output;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Output.print(c.out(), output, List.of("filename", "lineno", "error"),
          c.app().importErrors().list().stream()
              .map(e -> Output.row("import_error_id", e.id(), "filename", e.filename(), "lineno", e.lineno(), "error", e.message(),
                  "stack_trace", e.stacktrace(), "timestamp", e.timestamp()))
              .toList());
    }
  }

  @Command(name = "list-runs", description = "List a DAG's runs, newest first")
  static final class ListRuns implements Runnable {
    @ParentCommand DagsCommand parent;
    @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
    @Option(names = {"-o", "--output"}, defaultValue = "table") Output.Format output;
    @Option(names = "--limit", defaultValue = "100") int limit;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Application app = c.app();
      requireDag(app, dagId);
      Output.print(c.out(), output, List.of("dag_id", "dag_run_id", "state", "logical_date", "start_date", "end_date"),
          app.runs().list(dagId, limit, 0).stream().map(DagsCommand::runRow).toList());
    }
  }

  static Map<String, Object> runRow(DagRunRow r) {
    return Output.row("dag_id", r.dagId(), "dag_run_id", r.runId(), "state", r.state().airflowName(), "run_type", r.runType(),
        "logical_date", r.logicalDate(), "execution_date", r.logicalDate(), "start_date", r.startDate(), "end_date", r.endDate(),
        "conf", r.conf());
  }

  static DagRow requireDag(Application app, String dagId) {
    return app.dags().get(dagId).orElseThrow(() -> new CliException(new UnknownDagException(dagId).getMessage()));
  }

  @Command(name = "trigger", description = "Trigger a DAG run")
  static final class Trigger implements java.util.concurrent.Callable<Integer> {
    @ParentCommand DagsCommand parent;
    @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
    @Option(names = {"-c", "--conf"}, description = "JSON object, the run's conf (request body)") String conf;
    @Option(names = {"-r", "--run-id"}) String runId;
    @Option(names = "--wait", description = "follow the run and exit 0 only when it succeeds") boolean await;
    @Option(names = {"-o", "--output"}, defaultValue = "table") Output.Format output;

    @Override
    public Integer call() throws Exception {
      CliContext c = parent.root.context();
      Map<String, Object> confMap = parseConf(conf);
      Application app = c.app();
      DagRunRow run;
      try {
        run = app.runs().trigger(c.actor(), dagId, runId, confMap, null);
      } catch (UnknownDagException | InvalidConfException | DuplicateRunException e) {
        throw new CliException(e.getMessage());
      }
      if (!await) {
        Output.print(c.out(), output, List.of("dag_id", "dag_run_id", "state", "logical_date"), List.of(runRow(run)));
        return 0;
      }
      c.out().println("Created run " + run.runId() + " of " + dagId + "; waiting for it to finish (Ctrl-C stops waiting, not the run)");
      return RunWaiter.await(app, c.out(), dagId, run.runId()) == RunState.SUCCESS ? 0 : 1;
    }
  }

  static Map<String, Object> parseConf(String conf) {
    if (conf == null || conf.isBlank()) {
      return Map.of();
    }
    try {
      Object v = new ObjectMapper().readValue(conf, Object.class);
      if (!(v instanceof Map<?, ?> m)) {
        throw new CliException("--conf must be a JSON object like '{\"model\": \"x\"}', got: " + conf);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) m;
      return map;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliException("--conf is not valid JSON: " + e.getOriginalMessage() + " (at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ")");
    }
  }

  @Command(name = "pause", description = "Pause a DAG (no more automated runs)")
  static final class Pause implements Runnable {
    @ParentCommand DagsCommand parent;
    @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;

    @Override
    public void run() {
      setPaused(parent.root.context(), dagId, true);
    }
  }

  @Command(name = "unpause", description = "Unpause a DAG")
  static final class Unpause implements Runnable {
    @ParentCommand DagsCommand parent;
    @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;

    @Override
    public void run() {
      setPaused(parent.root.context(), dagId, false);
    }
  }

  private static void setPaused(CliContext c, String dagId, boolean paused) {
    try {
      c.app().dags().setPaused(c.actor(), dagId, paused);
    } catch (UnknownDagException e) {
      throw new CliException(e.getMessage());
    }
    c.out().println("Dag: " + dagId + ", paused: " + (paused ? "True" : "False"));
  }

  /** Counts of task states of a run, for progress lines. */
  static Map<String, Integer> stateCounts(List<TaskInstanceRow> tis) {
    Map<String, Integer> m = new TreeMap<>();
    for (TaskInstanceRow t : tis) {
      m.merge(t.state() == TaskState.NONE ? "none" : t.state().airflowName(), 1, Integer::sum);
    }
    return m;
  }
}
