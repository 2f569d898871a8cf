package io.aloft.runtime.cli;

import io.aloft.runtime.store.EventLogStore.Filter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code aloft events list}: the audit log, newest first. */
@Command(name = "events", description = "The audit log: who triggered, cleared, marked, paused or deleted what",
    subcommands = {EventsCommand.ListEvents.class})
final class EventsCommand {

  @ParentCommand Root root;

  @Command(name = "list", description = "List audit log entries, newest first")
  static final class ListEvents implements Runnable {
    @ParentCommand EventsCommand parent;
    @Option(names = {"-d", "--dag-id"}) String dagId;
    @Option(names = {"-r", "--run-id"}) String runId;
    @Option(names = {"-t", "--task-id"}) String taskId;
    @Option(names = "--event", description = "e.g. trigger, clear, mark_success, pause, dag_delete, login") String event;
    @Option(names = "--owner", description = "a user name, or cli:<OS user>") String owner;
    @Option(names = {"-l", "--limit"}, defaultValue = "50") int limit;
    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json or plain") Output.Format output;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      if (limit < 1) {
        throw new CliException("--limit must be at least 1");
      }
      var entries = c.app().events().page(new Filter(dagId, taskId, runId, event, owner, null, null), "id", true, limit, 0);
      Output.print(c.out(), output, List.of("id", "when", "event", "owner", "dag_id", "run_id", "task_id", "extra"),
          entries.stream().map(e -> Output.row("id", e.id(), "when", e.when(), "event", e.event(), "owner", e.owner(),
              "address", e.address(), "dag_id", e.dagId(), "run_id", e.runId(), "task_id", e.taskId(),
              "map_index", e.mapIndex(), "extra", e.extra())).toList());
    }
  }
}
