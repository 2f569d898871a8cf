package io.aloft.runtime.cli;

import picocli.CommandLine.Command;

/** {@code aloft}: the root of the command tree. */
@Command(
    name = "aloft",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Aloft: an Airflow-compatible DAG runtime. Start with `aloft standalone`.",
    subcommands = {
      StandaloneCommand.class,
      SchedulerCommand.class,
      WorkerCommand.class,
      WebserverCommand.class,
      WorkersCommand.class,

      DagsCommand.class,
      TasksCommand.class,
      EventsCommand.class,
      PoolsCommand.class,
      VariablesCommand.class,
      ConnectionsCommand.class,
      DbCommand.class,
      ConfigCommand.class,
      PluginsCommand.class,
      UsersCommand.class,
      PasswordsCommand.class
    })
public final class Root {

  private final CliContext context;

  public Root(CliContext context) {
    this.context = context;
  }

  CliContext context() {
    return context;
  }
}
