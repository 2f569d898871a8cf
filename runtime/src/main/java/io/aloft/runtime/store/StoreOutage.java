package io.aloft.runtime.store;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * PostgreSQL going away for a while (an external server restarted, a network blip): tells such a failure from
 * any other, and lets a periodic job say so once per outage instead of once per attempt. The connection pool
 * (Hikari) drops broken connections and opens new ones by itself once the server answers again; the callers
 * only have to keep trying and not drown the log meanwhile.
 *
 * <p>An instance belongs to one periodic job (the scheduler loop, the DAG-folder sync, a heartbeat): it
 * remembers whether that job's last attempt met an outage. Thread-safe.
 *
 * <pre>{@code
 * StoreOutage outage = new StoreOutage(LOG, "the scheduler");
 * try { pass(); outage.recovered(); }
 * catch (RuntimeException e) { if (!outage.failed(e)) LOG.error("pass failed", e); }
 * }</pre>
 */
public final class StoreOutage {

  /** The longest pause between two attempts of {@link #retry}. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Logger log;
  private final String who;
  private long downSince; // System.nanoTime() of the first failed attempt; 0 while the store answers

  public StoreOutage(Logger log, String who) {
    this.log = log;
    this.who = who;
  }

  /**
   * Whether {@code e} says the store cannot be reached (no connection, a connection the server closed, a server
   * starting or shutting down), as opposed to a statement it refused.
   */
  public static boolean isUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
          || t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        // 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now (starting up).
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Notes a failed attempt. Returns true when it was an outage — logged here, once, at its start — and false for
   * any other failure, which the caller logs as it would have.
   */
  public synchronized boolean failed(RuntimeException e) {
    if (!isUnavailable(e)) {
      return false;
    }
    if (downSince == 0) {
      downSince = System.nanoTime();
      log.warn("{}: PostgreSQL cannot be reached ({}); trying again until it is back", who, e.toString());
    }
    return true;
  }

  /** Notes a successful attempt; logs the end of an outage. */
  public synchronized void recovered() {
    if (downSince != 0) {
      log.info("{}: PostgreSQL is reachable again after {} s", who, (System.nanoTime() - downSince) / 1_000_000_000);
      downSince = 0;
    }
  }

  /** Whether the last attempt met an outage. */
  public synchronized boolean isDown() {
    return downSince != 0;
  }

  /**
   * Runs {@code work}, again and again while it fails because the store cannot be reached, pausing a quarter
   * second at first and up to {@link #MAX_BACKOFF} later; logs the outage once and its end. Any other failure is
   * thrown at once. {@code work} must be safe to repeat: a transaction, or reads.
   *
   * @throws InterruptedException when the thread is interrupted while it waits for the store
   */
  public static <T> T retry(Logger log, String what, Supplier<T> work) throws InterruptedException {
    StoreOutage outage = new StoreOutage(log, what);
    long pause = 250;
    while (true) {
      try {
        T result = work.get();
        outage.recovered();
        return result;
      } catch (RuntimeException e) {
        if (!outage.failed(e)) {
          throw e;
        }
      }
      Thread.sleep(pause);
      pause = Math.min(pause * 2, MAX_BACKOFF.toMillis());
    }
  }
}
