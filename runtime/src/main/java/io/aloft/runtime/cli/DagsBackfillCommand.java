package io.aloft.runtime.cli;

import io.aloft.runtime.app.Runs.BackfillStep;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.scheduler.UnknownDagException;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code aloft dags backfill}: creates {@code backfill} runs for the DAG's logical dates in a range; the daemon
 * ({@code aloft standalone}) runs them. With {@code --max-active-runs N} it creates N at a time and waits for them.
 */
@Command(name = "backfill", description = "Create backfill runs for every logical date of the DAG's schedule in a range")
final class DagsBackfillCommand implements Runnable {

  @ParentCommand DagsCommand parent;
  @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
  @Option(names = {"-s", "--start-date"}, required = true, description = "earliest logical date (2024-01-31 or ISO date-time)") String start;
  @Option(names = {"-e", "--end-date"}, required = true, description = "latest logical date") String end;
  @Option(names = "--reset-dagruns", description = "clear every task of runs that already exist in the range") boolean reset;
  @Option(names = "--rerun-failed-tasks", description = "clear the failed tasks of runs that already exist") boolean rerunFailed;
  @Option(names = "--max-active-runs", description = "create this many runs at a time, waiting for them to finish") Integer maxActiveRuns;
  @Option(names = "--dry-run", description = "only list the runs") boolean dryRun;

  @Override
  public void run() {
    CliContext c = parent.root.context();
    Instant from = Confirm.date("--start-date", start);
    Instant to = Confirm.date("--end-date", end);
    if (maxActiveRuns != null && maxActiveRuns < 1) {
      throw new CliException("--max-active-runs must be at least 1");
    }
    int limit = maxActiveRuns == null || dryRun ? 0 : maxActiveRuns;
    boolean first = true;
    try {
      while (true) {
        List<BackfillStep> steps =
            c.app().runs().backfill(c.actor(), dagId, from, to, first && reset, first && rerunFailed, limit, dryRun);
        List<BackfillStep> created = steps.stream().filter(s -> s.action().equals("created")).toList();
        for (BackfillStep s : first ? steps : created) {
          c.out().println((dryRun ? "would be " : "") + s.action() + "  " + s.runId() + "  (logical date " + s.logicalDate() + ")");
        }
        if (first && steps.isEmpty()) {
          c.out().println("No logical dates of DAG '" + dagId + "' lie in " + from + " .. " + to + ".");
        }
        first = false;
        if (limit == 0 || created.isEmpty()) {
          break;
        }
        c.out().println("Waiting for these " + created.size() + " runs to finish (the daemon, `aloft standalone`, runs them)...");
        c.out().flush();
        for (BackfillStep s : created) {
          awaitFinished(c, s.runId());
        }
      }
    } catch (UnknownDagException | IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted; the runs created so far stay");
    }
    if (!dryRun && limit == 0) {
      c.out().println("The daemon (`aloft standalone`) runs them, oldest first, within the DAG's max_active_runs.");
    }
  }

  private void awaitFinished(CliContext c, String runId) throws InterruptedException {
    while (true) {
      RunState s = c.app().runs().get(dagId, runId).map(r -> r.state()).orElse(RunState.FAILED);
      if (s.isFinished()) {
        c.out().println(runId + ": " + s.airflowName());
        c.out().flush();
        return;
      }
      Thread.sleep(1000);
    }
  }
}
