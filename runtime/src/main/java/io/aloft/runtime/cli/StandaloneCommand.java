package io.aloft.runtime.cli;

import io.aloft.runtime.Daemon;
import io.aloft.runtime.web.WebServer;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "standalone", description = "Run Aloft: scheduler, executor, DAG parsing, web UI and API, until Ctrl-C")
final class StandaloneCommand implements java.util.concurrent.Callable<Integer> {

  @ParentCommand Root root;

  @Override
  public Integer call() throws Exception {
    CliContext c = root.context();
    long t0 = System.nanoTime();
    Daemon daemon = Daemon.startOpeningStore(c.config(), c::aloft, new Daemon.Options(true, true));
    WebServer web = daemon.web().orElseThrow();
    // The CLI's most frequent commands, typed in another shell, are answered by this daemon from now on.
    var cliSocket = CliSocketServer.start(daemon.aloft());
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C: the daemon stops first, its web server before anything else (running tries record their end), then
    // the store.
    c.beforeStoreClosesAtExit(() -> {
      c.err().println("aloft: stopping ...");
      cliSocket.ifPresent(CliSocketServer::close);
      daemon.close();
      stopped.countDown();
    });
    c.out().printf("Aloft is running (started in %.1f s): http://localhost:%d  (login airflow / airflow)%n",
        (System.nanoTime() - t0) / 1e9, web.port());
    c.out().println("DAGs folder: " + c.config().dagsFolder() + "   data: " + c.config().home() + "   Ctrl-C stops it.");
    c.out().flush();
    stopped.await();
    return 0;
  }
}
