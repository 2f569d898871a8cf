package io.aloft.runtime.cli;

import io.aloft.runtime.Daemon;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "standalone", description = "Run Aloft: scheduler, executor, DAG parsing, web UI and API, until Ctrl-C")
final class StandaloneCommand implements java.util.concurrent.Callable<Integer> {

  @ParentCommand Root root;

  @Option(names = {"-q", "--queues"}, split = ",", paramLabel = "QUEUE",
      description = "run only the tries of these queues (others wait for `aloft worker`s); default: every queue")
  List<String> queues;

  @Override
  public Integer call() throws Exception {
    CliContext c = root.context();
    Daemon.Options options = new Daemon.Options(true, true, true, true, DaemonRun.queues(queues), 0);
    return DaemonRun.run(c, options, d -> String.format("Aloft is running: http://localhost:%d  (login airflow / airflow)",
        d.web().orElseThrow().port()));
  }
}
