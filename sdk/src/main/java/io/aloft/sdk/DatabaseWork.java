package io.aloft.sdk;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on a plugin's own tables through {@link io.aloft.sdk.extension.PluginServices.PluginDatabase}: the
 * runtime opens the connection (search path: the plugin's schema), runs this in one transaction (committed when it
 * returns, rolled back when it throws) and closes it. Do not keep the connection.
 */
@FunctionalInterface
public interface DatabaseWork<T> {

  T run(Connection connection) throws SQLException;
}
