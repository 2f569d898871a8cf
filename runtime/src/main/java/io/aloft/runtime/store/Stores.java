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

  /** Whether the database answers a trivial query now (for {@code /health}). */
  public boolean databaseAnswers() {
    try {
      return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
