package io.aloft.runtime.cli;

import io.aloft.runtime.scheduler.UnknownDagException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code aloft dags delete}: a DAG and its history; its file, if still there, brings it back at the next parse. */
@Command(name = "delete", description = "Delete a DAG and all its runs, task instances and XCom (its file stays)")
final class DagsDeleteCommand implements Runnable {

  @ParentCommand DagsCommand parent;
  @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
  @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation") boolean yes;

  @Override
  public void run() {
    CliContext c = parent.root.context();
    DagsCommand.requireDag(c.app(), dagId);
    if (!Confirm.ask(c, yes, "This will drop all existing records related to the DAG '" + dagId + "'. Proceed?")) {
      c.out().println("Cancelled, nothing was deleted.");
      return;
    }
    try {
      c.app().dags().delete(c.actor(), dagId);
    } catch (UnknownDagException | IllegalStateException e) {
      throw new CliException(e.getMessage());
    }
    c.out().println("Deleted DAG '" + dagId + "' and its history. If its file is still in the DAGs folder, it comes back"
        + " (with no history) at the next parse.");
  }
}
