package io.aloft.runtime.worker;

import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.store.StoreOutage;
import io.aloft.runtime.store.TaskInstanceStore;
import io.aloft.runtime.store.TiKey;
import io.aloft.runtime.store.WorkerStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the logs of the tries a worker runs into the database ({@code task_log_chunk}) every {@link #EVERY}, whole
 * lines while a try runs and the rest once it ended, so that the web server and {@code aloft tasks logs} on other
 * machines show them — live, and after the worker is gone. The worker's own log files stay as they are. A try is
 * followed while the store says it runs here or ended lately (a few rounds), so a try shorter than a round ships too. One thread; stopped by
 * {@link #close}, which ships what is left.
 */
public final class LogShipper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LogShipper.class);
  static final Duration EVERY = Duration.ofSeconds(2);
  /** The most one chunk carries: a try that logs fast ships in several chunks per round. */
  private static final int CHUNK = 1 << 20;

  /** A followed try: how far its log was shipped, and the rounds it is still followed after it ended. */
  private static final class Followed {
    final TiKey key;
    final int tryNumber;
    final Path path;
    long shipped;
    int roundsAfterEnd = 2;

    Followed(TiKey key, int tryNumber, Path path) {
      this.key = key;
      this.tryNumber = tryNumber;
      this.path = path;
    }
  }

  private final WorkerStore store;
  private final LogFiles logs;
  private final String hostname;
  private final Clock clock;
  private Instant lastRound;
  private final Map<String, Followed> followed = new HashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("aloft-log-shipper").daemon().factory());

  public LogShipper(WorkerStore store, LogFiles logs, String hostname, Clock clock) {
    this.store = store;
    this.logs = logs;
    this.hostname = hostname;
    this.clock = clock;
    this.lastRound = clock.instant();
  }

  public LogShipper start() {
    StoreOutage outage = new StoreOutage(LOG, "shipping try logs");
    long every = EVERY.toMillis();
    timer.scheduleWithFixedDelay(() -> {
      try {
        round();
        outage.recovered();
      } catch (RuntimeException e) {
        if (!outage.failed(e)) {
          LOG.warn("shipping try logs failed (tried again in {} s): {}", EVERY.toSeconds(), e.toString());
        }
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /** One round: follows the tries running here or ended lately, ships what their logs gained. */
  synchronized void round() {
    Instant now = clock.instant();
    Set<String> current = new HashSet<>();
    // A margin over the previous round, so that a try that started and ended between two rounds is followed too.
    for (WorkerStore.TryOf t : store.recentTries(hostname, lastRound.minus(EVERY.multipliedBy(3)))) {
      String k = TaskInstanceStore.tryKey(t.key(), t.tryNumber());
      current.add(k);
      followed.computeIfAbsent(k, x -> new Followed(t.key(), t.tryNumber(),
          logs.path(t.key().dagId(), t.key().runId(), t.key().taskId(), t.key().mapIndex(), t.tryNumber())));
    }
    lastRound = now;
    Set<String> runningNow = current;
    var it = followed.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      boolean ended = !runningNow.contains(e.getKey());
      ship(e.getValue(), ended);
      if (ended && --e.getValue().roundsAfterEnd <= 0) {
        it.remove();
      }
    }
  }

  /** Ships the new part of one log: whole lines only while the try runs (a line being written waits a round). */
  private void ship(Followed f, boolean all) {
    if (!Files.isRegularFile(f.path)) {
      return;
    }
    try (RandomAccessFile file = new RandomAccessFile(f.path.toFile(), "r")) {
      long length = file.length();
      while (f.shipped < length) {
        int n = (int) Math.min(CHUNK, length - f.shipped);
        byte[] buf = new byte[n];
        file.seek(f.shipped);
        file.readFully(buf);
        int end = n;
        if (!all || n == CHUNK) {
          end = lastNewline(buf) + 1;
          if (end == 0) {
            end = n == CHUNK ? n : 0; // a line longer than a chunk goes in pieces
          }
        }
        if (end == 0) {
          return;
        }
        byte[] part = end == n ? buf : java.util.Arrays.copyOf(buf, end);
        if (!store.shipLog(f.key, f.tryNumber, f.shipped, part)) {
          f.shipped = length; // the instance is gone (its run deleted): nothing to ship it to
          return;
        }
        f.shipped += end;
      }
    } catch (IOException e) {
      LOG.warn("cannot read the log {} to ship it: {}", f.path, e.toString());
    }
  }

  private static int lastNewline(byte[] buf) {
    for (int i = buf.length - 1; i >= 0; i--) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
      // the last lines of the tries that ended while the worker stopped
      synchronized (this) {
        followed.values().forEach(f -> ship(f, true));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("shipping the last try log lines failed: {}", e.toString());
    }
  }
}
