package io.aloft.runtime.cli;

import io.aloft.runtime.app.DbClean;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "db", description = "Database commands", subcommands = {DbCommand.Migrate.class, DbCommand.Clean.class})
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

  /** {@code aloft db clean}: Airflow's {@code airflow db clean}, over {@link DbClean}. */
  @Command(name = "clean", description = "Delete finished runs (with their task instances, tries, XCom and log files),"
      + " old XCom and audit entries older than a timestamp")
  static final class Clean implements Runnable {
    @ParentCommand DbCommand parent;

    @Option(names = "--clean-before-timestamp", required = true, paramLabel = "T",
        description = "delete what is older than this: 2024-01-31 (midnight UTC) or 2024-01-31T06:00:00+00:00")
    String before;

    @Option(names = {"-t", "--tables"}, split = ",", paramLabel = "TABLE",
        description = "only these, comma-separated: dag_run (with task_instance, task_try, xcom and log files), xcom,"
            + " log (default: all)")
    List<String> tables;

    @Option(names = "--dry-run", description = "print how many rows per table would go, and delete nothing")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation") boolean yes;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Instant cutOff = Confirm.date("--clean-before-timestamp", before);
      if (!dryRun && !Confirm.ask(c, yes, "This will permanently delete history older than " + cutOff + ". Proceed?")) {
        c.out().println("Cancelled, nothing was deleted.");
        return;
      }
      DbClean.Result r;
      try {
        r = c.app().dbClean().clean(c.actor(), cutOff, tables, dryRun);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
      c.out().println((dryRun ? "Would delete" : "Deleted") + " (older than " + r.before() + "):");
      for (Map.Entry<String, Long> e : r.rows().entrySet()) {
        c.out().printf("  %-14s %d%n", e.getKey(), e.getValue());
      }
      if (tables == null || tables.isEmpty() || tables.contains("dag_run")) {
        c.out().printf("  %-14s %d%n", "log files", r.logFiles());
      }
    }
  }
}
