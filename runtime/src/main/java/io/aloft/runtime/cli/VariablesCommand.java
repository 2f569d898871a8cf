package io.aloft.runtime.cli;

import io.aloft.runtime.store.VariableStore.Variable;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "variables", description = "Manage variables", subcommands = {
    VariablesCommand.ListVars.class, VariablesCommand.GetVar.class, VariablesCommand.SetVar.class, VariablesCommand.DeleteVar.class})
final class VariablesCommand {

  @ParentCommand Root root;

  @Command(name = "list", description = "List variables (keys only, like Airflow: values may be secrets)")
  static final class ListVars implements Runnable {
    @ParentCommand VariablesCommand parent;
    @Option(names = {"-o", "--output"}, defaultValue = "table") Output.Format output;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Output.print(c.out(), output, List.of("key"),
          c.app().variables().list().stream().map(v -> Output.row("key", v.key())).toList());
    }
  }

  @Command(name = "get", description = "Print a variable's value")
  static final class GetVar implements Runnable {
    @ParentCommand VariablesCommand parent;
    @Parameters(index = "0") String key;
    @Option(names = {"-d", "--default"}, description = "printed when the variable does not exist") String def;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      String v = c.app().variables().get(key).map(Variable::val).orElse(def);
      if (v == null) {
        throw new CliException("variable '" + key + "' does not exist");
      }
      c.out().println(v);
    }
  }

  @Command(name = "set", description = "Set a variable")
  static final class SetVar implements Runnable {
    @ParentCommand VariablesCommand parent;
    @Parameters(index = "0") String key;
    @Parameters(index = "1") String value;
    @Option(names = "--description") String description;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      c.app().variables().set(c.actor(), key, value, description);
      c.out().println("Variable " + key + " created");
    }
  }

  @Command(name = "delete", description = "Delete a variable")
  static final class DeleteVar implements Runnable {
    @ParentCommand VariablesCommand parent;
    @Parameters(index = "0") String key;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      if (!c.app().variables().delete(c.actor(), key)) {
        throw new CliException("variable '" + key + "' does not exist");
      }
      c.out().println("Variable " + key + " deleted");
    }
  }
}
