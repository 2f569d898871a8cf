package io.aloft.runtime.cli;

import io.aloft.runtime.Daemon;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "webserver", description = "Run the web UI and REST API only, over the database an `aloft scheduler` uses")
final class WebserverCommand implements java.util.concurrent.Callable<Integer> {

  @ParentCommand Root root;

  @Override
  public Integer call() throws Exception {
    CliContext c = root.context();
    return DaemonRun.run(c, new Daemon.Options(false, true, false, false, Optional.empty(), 0),
        d -> String.format("Aloft web server is running: http://localhost:%d", d.web().orElseThrow().port()));
  }
}
