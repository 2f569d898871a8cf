package io.aloft.runtime.scheduler;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the scheduler when another process (the CLI, a second daemon) changed something it should act
 * on: they {@code NOTIFY aloft_wake}, this thread {@code LISTEN}s. Without it the next tick would pick
 * the change up anyway; this only makes it immediate.
 */
public final class WakeListener implements AutoCloseable {

  public static final String CHANNEL = "aloft_wake";
  private static final Logger LOG = LoggerFactory.getLogger(WakeListener.class);

  private final DataSource dataSource;
  private final String channel;
  private final Runnable wake;
  private volatile boolean running = true;
  private final Thread thread;

  public WakeListener(DataSource dataSource, Runnable wake) {
    this(dataSource, CHANNEL, wake);
  }

  /** Listens on another channel (the workers' notice that tries wait: {@code aloft_work}). */
  public WakeListener(DataSource dataSource, String channel, Runnable wake) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.wake = wake;
    this.thread = Thread.ofPlatform().name("aloft-wake-listener").daemon().start(this::loop);
  }

  private void loop() {
    while (running) {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute("LISTEN " + channel);
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          var notes = pg.getNotifications(1000);
          if (notes != null && notes.length > 0) {
            wake.run();
          }
        }
      } catch (SQLException e) {
        if (running) {
          LOG.debug("wake listener reconnecting: {}", e.getMessage());
          try {
            Thread.sleep(1000);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
