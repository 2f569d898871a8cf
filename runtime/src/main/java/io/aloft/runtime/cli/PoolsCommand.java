package io.aloft.runtime.cli;

import io.aloft.runtime.store.PoolRow;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "pools", description = "Manage pools", subcommands = {PoolsCommand.ListPools.class, PoolsCommand.SetPool.class, PoolsCommand.DeletePool.class})
final class PoolsCommand {

  @ParentCommand Root root;

  static final List<String> COLUMNS = List.of("pool", "slots", "description", "include_deferred", "running_slots",
      "queued_slots", "deferred_slots", "open_slots");

  static Map<String, Object> row(PoolRow p) {
    return Output.row("pool", p.name(), "slots", p.slots(), "description", p.description(), "include_deferred",
        p.includeDeferred(), "running_slots", p.running(), "queued_slots", p.queued(), "deferred_slots", p.deferred(),
        "open_slots", p.open());
  }

  @Command(name = "list", description = "List pools")
  static final class ListPools implements Runnable {
    @ParentCommand PoolsCommand parent;
    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json or plain") Output.Format output;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Output.print(c.out(), output, COLUMNS, c.app().pools().list().stream().map(PoolsCommand::row).toList());
    }
  }

  @Command(name = "set", description = "Create a pool or change its slots")
  static final class SetPool implements Runnable {
    @ParentCommand PoolsCommand parent;
    @Parameters(index = "0", description = "pool name") String name;
    @Parameters(index = "1", description = "number of slots") int slots;
    @Parameters(index = "2", arity = "0..1", description = "description") String description;
    @Option(names = "--include-deferred", description = "deferred tasks count against the pool's slots (as in Airflow,"
        + " a set without it turns this off)") boolean includeDeferred;
    @Option(names = {"-o", "--output"}, defaultValue = "table") Output.Format output;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      PoolRow p = c.app().pools().set(c.actor(), name, slots, description == null ? "" : description, includeDeferred);
      Output.print(c.out(), output, COLUMNS, List.of(row(p)));
    }
  }

  @Command(name = "delete", description = "Delete a pool")
  static final class DeletePool implements Runnable {
    @ParentCommand PoolsCommand parent;
    @Parameters(index = "0", description = "pool name") String name;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      if (!c.app().pools().delete(c.actor(), name)) {
        throw new CliException("pool '" + name + "' does not exist (see `aloft pools list`)");
      }
      c.out().println("Pool " + name + " deleted");
    }
  }
}
