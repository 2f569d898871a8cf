package io.aloft.runtime.cli;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TiKey;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "tasks", description = "Inspect task instances", subcommands = {TasksCommand.States.class, TasksCommand.Logs.class,
    TasksClearCommand.class})
final class TasksCommand {

  @ParentCommand Root root;

  @Command(name = "states-for-dag-run", description = "The state of every task instance of a run")
  static final class States implements Runnable {
    @ParentCommand TasksCommand parent;
    @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
    @Parameters(index = "1", paramLabel = "RUN_ID") String runId;
    @Option(names = {"-o", "--output"}, defaultValue = "table") Output.Format output;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Application app = c.app();
      DagsCommand.requireDag(app, dagId);
      app.runs().get(dagId, runId).orElseThrow(() -> new CliException("DAG run '" + runId + "' of '" + dagId + "' not found (see `aloft dags list-runs " + dagId + "`)"));
      List<TaskInstanceRow> tis = app.taskInstances().listForRun(dagId, runId);
      Output.print(c.out(), output, List.of("dag_id", "dag_run_id", "task_id", "map_index", "state", "try_number", "start_date", "end_date"),
          tis.stream().map(t -> Output.row("dag_id", t.dagId(), "dag_run_id", t.runId(), "task_id", t.taskId(), "map_index", t.mapIndex(),
              "state", t.state().airflowName(), "try_number", t.tryNumber(), "max_tries", t.maxTries(), "pool", t.pool(),
              "pool_slots", t.poolSlots(), "priority_weight", t.priorityWeight(), "start_date", t.startDate(), "end_date", t.endDate(),
              "duration", t.duration(), "operator", t.operator(), "note", t.userNote(), "waiting_for", t.note())).toList());
    }
  }

  @Command(name = "logs", description = "Print a try's log")
  static final class Logs implements Runnable {
    @ParentCommand TasksCommand parent;
    @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
    @Parameters(index = "1", paramLabel = "RUN_ID") String runId;
    @Parameters(index = "2", paramLabel = "TASK_ID") String taskId;
    @Option(names = "--try", description = "try number (default: the latest)") Integer tryNumber;
    @Option(names = "--map-index", defaultValue = "-1") int mapIndex;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Application app = c.app();
      TaskInstanceRow ti = app.taskInstances().get(new TiKey(dagId, runId, taskId, mapIndex))
          .orElseThrow(() -> new CliException("no task '" + taskId + "' in run '" + runId + "' of DAG '" + dagId + "'"));
      int n = tryNumber != null ? tryNumber : ti.tryNumber();
      if (n < 1) {
        throw new CliException("task '" + taskId + "' has not run yet (state " + ti.state().dbName() + ")");
      }
      String text = app.taskInstances().log(dagId, runId, taskId, mapIndex, n, 0)
          .orElseThrow(() -> new CliException("no log for try " + n + " of '" + taskId + "'"));
      c.out().print(text);
      c.out().flush();
    }
  }
}
