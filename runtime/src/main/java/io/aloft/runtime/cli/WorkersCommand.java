package io.aloft.runtime.cli;

import io.aloft.runtime.worker.WorkerView;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "workers", description = "The processes that run tries", subcommands = WorkersCommand.ListWorkers.class)
final class WorkersCommand {

  @ParentCommand Root root;

  @Command(name = "list", description = "List workers: their queues, slots in use and last heartbeat")
  static final class ListWorkers implements Runnable {
    @ParentCommand WorkersCommand parent;
    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json or plain") Output.Format output;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      var rows = c.app().workers().list().stream().map(w -> {
        Map<String, Object> m = new LinkedHashMap<>(w);
        if (output != Output.Format.json) {
          @SuppressWarnings("unchecked")
          java.util.List<String> queues = (java.util.List<String>) m.get("queues");
          // a table says "all" where JSON says null
          m.put("queues", queues == null ? "all" : String.join(",", queues));
        }
        return m;
      }).toList();
      Output.print(c.out(), output, WorkerView.COLUMNS, rows);
    }
  }
}
