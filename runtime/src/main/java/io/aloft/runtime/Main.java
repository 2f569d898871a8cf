package io.aloft.runtime;

import io.aloft.runtime.cli.CliContext;
import io.aloft.runtime.cli.CliException;
import io.aloft.runtime.cli.DaemonClient;
import io.aloft.runtime.cli.PluginCommands;
import io.aloft.runtime.cli.Root;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigException;
import io.aloft.runtime.config.ConfigLoader;
import java.io.PrintWriter;
import picocli.CommandLine;

/** {@code aloft}: reads the configuration once, then runs one command (the daemon is {@code standalone}). */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command and returns its exit code; tests call this. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    AloftConfig config;
    try {
      config = ConfigLoader.fromEnvironment();
    } catch (ConfigException e) {
      err.println("aloft: " + e.getMessage());
      return 2;
    }
    return run(config, args, out, err);
  }

  /**
   * Runs a command: the most frequent ones through a running daemon of this data directory when one answers
   * ({@link DaemonClient}), the others, and all when no daemon answers, over the store opened here.
   */
  public static int run(AloftConfig config, String[] args, PrintWriter out, PrintWriter err) {
    if (DaemonClient.eligible(args)) {
      int code = DaemonClient.ask(config, args, out, err);
      if (code != DaemonClient.NOT_ANSWERED) {
        return code;
      }
    }
    try (CliContext ctx = new CliContext(config, out, err)) {
      return run(ctx, args);
    }
  }

  /** Runs a command in this process with the given context (a daemon runs the CLI's fast commands with its own). */
  public static int run(CliContext ctx, String[] args) {
    CommandLine cmd;
    try {
      cmd = commandLine(ctx, args);
    } catch (ConfigException e) {
      ctx.err().println("aloft: " + e.getMessage());
      return 2;
    }
    return cmd.execute(args);
  }

  /**
   * The command tree that {@link #run(CliContext, String[])} executes these arguments with (a daemon parses it to
   * tell whether a CLI call only asks for help or is mistyped, see {@code CliSocketServer}).
   *
   * @throws ConfigException when a plugin needed for the arguments cannot be loaded
   */
  public static CommandLine commandLine(CliContext ctx, String[] args) {
    PrintWriter out = ctx.out();
    PrintWriter err = ctx.err();
    CommandLine cmd = new CommandLine(new Root(ctx));
    // Plugins are loaded only for a command that is not a built-in one, so built-in commands stay fast.
    PluginCommands.mountFor(cmd, ctx, args);
    cmd.setOut(out); // after mounting: these apply to the subcommands present now
    cmd.setErr(err);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof CliException || ex instanceof ConfigException || ex instanceof IllegalArgumentException) {
            err.println("aloft: " + ex.getMessage());
            return 1;
          }
          throw ex;
        });
    return cmd;
  }
}
