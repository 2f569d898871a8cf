package io.aloft.runtime.cli;

import io.aloft.runtime.app.ClearRequest;
import io.aloft.runtime.scheduler.UnknownDagException;
import io.aloft.runtime.store.TaskInstanceRow;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code aloft tasks clear}: Airflow's command — clears the matching task instances of a DAG's runs so that they run
 * again (a new try each; old tries and logs stay), their runs queued again. Lists what it will clear and asks first.
 */
@Command(name = "clear", description = "Clear task instances so that they run again (a new try each)")
final class TasksClearCommand implements Runnable {

  @ParentCommand TasksCommand parent;
  @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
  @Option(names = {"-t", "--task-regex"}, description = "only tasks whose id matches this regular expression") String taskRegex;
  @Option(names = {"-s", "--start-date"}, description = "earliest logical date (2024-01-31 or ISO date-time)") String start;
  @Option(names = {"-e", "--end-date"}, description = "latest logical date") String end;
  @Option(names = {"-f", "--only-failed"}, description = "only failed (and upstream_failed) instances") boolean onlyFailed;
  @Option(names = {"-r", "--only-running"}, description = "only running instances") boolean onlyRunning;
  @Option(names = {"-u", "--upstream"}, description = "also the tasks upstream of the matching ones") boolean upstream;
  @Option(names = {"-d", "--downstream"}, description = "also the tasks downstream of the matching ones") boolean downstream;
  @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation") boolean yes;

  @Override
  public void run() {
    CliContext c = parent.root.context();
    ClearRequest dry = request(true);
    List<TaskInstanceRow> would;
    try {
      would = c.app().taskInstances().clear(c.actor(), dry);
    } catch (UnknownDagException | IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    if (would.isEmpty()) {
      c.out().println("No task instances to clear.");
      return;
    }
    c.out().println("You are about to clear these " + would.size() + " task instances:");
    would.forEach(t -> c.out().println("  " + t.runId() + "  " + t.taskId() + (t.mapIndex() >= 0 ? " [" + t.mapIndex() + "]" : "")
        + "  " + (t.state().airflowName() == null ? "none" : t.state().airflowName())));
    if (!Confirm.ask(c, yes, "Are you sure?")) {
      c.out().println("Cancelled, nothing was cleared.");
      return;
    }
    List<TaskInstanceRow> cleared = c.app().taskInstances().clear(c.actor(), request(false));
    c.out().println("Cleared " + cleared.size() + " task instances; their runs are queued again.");
  }

  private ClearRequest request(boolean dryRun) {
    return new ClearRequest(dagId, List.of(), taskRegex, null, Confirm.date("--start-date", start), Confirm.date("--end-date", end),
        onlyFailed, onlyRunning, upstream, downstream, false, false, true, dryRun);
  }
}
