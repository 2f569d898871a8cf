package io.aloft.runtime.store;

import org.jdbi.v3.core.Jdbi;

/** Every store over one database; built once by the wiring class. */
public record Stores(
    Jdbi jdbi,
    DagStore dags,
    DagRunStore runs,
    TaskInstanceStore taskInstances,
    XComStore xcoms,
    PoolStore pools,
    VariableStore variables,
    ConnectionStore connections,
    ImportErrorStore importErrors,
    UserStore users,
    SessionStore sessions,
    DatasetStore datasets) {

  /** The stores with no {@code AIRFLOW_CONN_*} connections. */
  public static Stores over(Database db, int xcomMaxBytes, SecretCipher cipher) {
    return over(db, xcomMaxBytes, cipher, java.util.Map.of());
  }

  /**
   * The stores knowing no sensitive names: only arguments that operators declare secret are sealed in stored
   * specs (the daemon passes Airflow's sensitive names with the overload below).
   *
   * @param cipher encrypts the connections' secrets and the variables' values
   * @param envConnections {@code AIRFLOW_CONN_*} / {@code ALOFT_CONN_*} values by lower-case id
   */
  public static Stores over(Database db, int xcomMaxBytes, SecretCipher cipher, java.util.Map<String, String> envConnections) {
    return over(db, xcomMaxBytes, cipher, envConnections, name -> false);
  }

  /**
   * @param sensitiveName whether an argument or dictionary key of a task holds a secret: its values are sealed in
   *     stored DAG specs with {@code cipher}
   */
  public static Stores over(Database db, int xcomMaxBytes, SecretCipher cipher,
      java.util.Map<String, String> envConnections, java.util.function.Predicate<String> sensitiveName) {
    Jdbi j = db.jdbi();
    return new Stores(
        j,
        new DagStore(j, cipher, sensitiveName),
        new DagRunStore(j),
        new TaskInstanceStore(j),
        new XComStore(j, xcomMaxBytes),
        new PoolStore(j),
        new VariableStore(j, cipher),
        new ConnectionStore(j, cipher, envConnections),
        new ImportErrorStore(j),
        new UserStore(j),
        new SessionStore(j),
        new DatasetStore(j));
  }

  /**
   * Runs {@code work} in one transaction, again (up to 3 attempts) when PostgreSQL ended it to break a lock cycle
   * (SQLState 40P01) or a serialization conflict (40001) with a concurrent transaction — the scheduler's pass, a
   * try's end, another daemon: the other side went on, so a second attempt finds the locks free. For the writes a
   * user asks for (mark, clear), which must not answer 500 because the scheduler happened to touch the same rows.
   * {@code work} must start over on each attempt: keep its results in what it returns, not in outside collections.
   */
  public <T> T inTransaction(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.inTransaction(work);
      } catch (RuntimeException e) {
        if (attempt >= 3 || !lockConflict(e)) {
          throw e;
        }
      }
    }
  }

  private static boolean lockConflict(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.sql.SQLException s && ("40P01".equals(s.getSQLState()) || "40001".equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the database answers a trivial query now (for {@code /health}). */
  public boolean databaseAnswers() {
    try {
      return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
