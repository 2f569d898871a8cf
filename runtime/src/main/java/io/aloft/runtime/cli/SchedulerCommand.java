package io.aloft.runtime.cli;

import io.aloft.runtime.Daemon;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "scheduler",
    description = "Run the scheduler (DAG parsing, scheduling, triggerer, lost-worker detection) without running any"
        + " task: `aloft worker`s run them")
final class SchedulerCommand implements java.util.concurrent.Callable<Integer> {

  @ParentCommand Root root;

  @Override
  public Integer call() throws Exception {
    CliContext c = root.context();
    return DaemonRun.run(c, new Daemon.Options(true, false, true, false, Optional.empty(), 0),
        d -> "Aloft scheduler is running; tasks run on `aloft worker`s");
  }
}
