package io.aloft.sdk;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on the runtime's metadata database through {@link TaskContext#inDatabase}: the runtime opens the
 * connection, runs this in one transaction (committed when it returns, rolled back when it throws) and closes it.
 * Do not keep the connection.
 */
@FunctionalInterface
public interface DatabaseWork<T> {

  T run(Connection connection) throws SQLException;
}
