package io.aloft.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "db", description = "Database commands", subcommands = DbCommand.Migrate.class)
final class DbCommand {

  @ParentCommand Root root;

  @Command(name = "migrate", description = "Create or upgrade the database schema")
  static final class Migrate implements Runnable {
    @ParentCommand DbCommand parent;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      c.aloft().migrateDatabase();
      c.out().println("Database migrated: " + c.config().database().map(d -> d.url()).orElse("embedded PostgreSQL in " + c.config().pgDataFolder()));
    }
  }
}
