package io.aloft.runtime.cli;

import io.aloft.runtime.Daemon;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link Daemon} with some of its parts until Ctrl-C or SIGTERM: what {@code aloft standalone}, {@code aloft
 * scheduler}, {@code aloft worker} and {@code aloft webserver} share. SIGTERM stops it as Ctrl-C does: its running
 * tries record their end (or are handed back) before the store closes.
 */
final class DaemonRun {

  private DaemonRun() {}

  /** Starts the daemon, prints {@code started} (given the daemon) and waits until the process is asked to stop. */
  static int run(CliContext c, Daemon.Options options, java.util.function.Function<Daemon, String> started)
      throws InterruptedException {
    long t0 = System.nanoTime();
    Daemon daemon = Daemon.startOpeningStore(c.config(), c::aloft, options);
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
    c.out().printf("%s (started in %.1f s)%n", started.apply(daemon), (System.nanoTime() - t0) / 1e9);
    c.out().println("DAGs folder: " + c.config().dagsFolder() + "   data: " + c.config().home() + "   Ctrl-C stops it.");
    c.out().flush();
    stopped.await();
    return 0;
  }

  /** {@code --queues a,b} as a set; empty when not given (every queue). */
  static Optional<Set<String>> queues(List<String> given) {
    if (given == null || given.isEmpty()) {
      return Optional.empty();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String q : given) {
      if (q.isBlank()) {
        throw new CliException("--queues has an empty queue name (write --queues default,gpu)");
      }
      out.add(q.strip());
    }
    return Optional.of(out);
  }
}
