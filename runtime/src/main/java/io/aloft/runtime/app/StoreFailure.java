package io.aloft.runtime.app;

import java.sql.SQLException;

/**
 * What the database said when a write failed, for adapters that answer a bad request with a 4xx instead of a 500:
 * the SQLSTATE of the first {@link SQLException} in the cause chain. Stateless.
 */
public final class StoreFailure {

  private StoreFailure() {}

  /**
   * Whether the store could not be reached at all (PostgreSQL down or restarting), as opposed to refusing what
   * was asked: the caller may try again in a few seconds.
   */
  public static boolean unavailable(Throwable e) {
    return io.aloft.runtime.store.StoreOutage.isUnavailable(e);
  }

  /** The SQLSTATE ({@code 22021}, {@code 23505}, ...), or null when the failure did not come from the database. */
  public static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return null;
  }
}
