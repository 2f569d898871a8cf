package io.aloft.runtime.cli;

import io.aloft.runtime.Daemon;
import io.aloft.runtime.model.TaskSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "worker",
    description = "Run the tries of some queues on this machine (Bash, Python, Docker), next to an `aloft scheduler`"
        + " on the same database, until Ctrl-C or SIGTERM")
final class WorkerCommand implements java.util.concurrent.Callable<Integer> {

  @ParentCommand Root root;

  @Option(names = {"-q", "--queues"}, split = ",", paramLabel = "QUEUE",
      description = "the queues whose tries it runs (Airflow's queue=); default: " + TaskSpec.DEFAULT_QUEUE)
  List<String> queues;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N",
      description = "tries it runs at once; default: the parallelism setting")
  int concurrency;

  @Override
  public Integer call() throws Exception {
    if (concurrency < 0) {
      throw new CliException("--concurrency must be 1 or more (or left out for the parallelism setting)");
    }
    CliContext c = root.context();
    if (c.config().database().isEmpty()) {
      c.err().println("aloft: warning: no database_url is set; this worker uses the embedded PostgreSQL of "
          + c.config().home() + " and serves only a scheduler on that same data directory"
          + " (set ALOFT_DATABASE_URL to the scheduler's PostgreSQL)");
    }
    // As with Airflow's Celery workers, a worker without --queues serves the default queue only.
    Set<String> served = DaemonRun.queues(queues).orElse(Set.of(TaskSpec.DEFAULT_QUEUE));
    return DaemonRun.run(c, new Daemon.Options(false, false, false, true, Optional.of(served), concurrency),
        d -> "Aloft worker " + d.workerName() + " is running the queues " + String.join(",", served));
  }
}
