package io.aloft.runtime.execution.template;

import io.aloft.sdk.Connection;
import java.util.Optional;

/**
 * Where {@code conn.<conn_id>} in a template reads Airflow connections. Implemented over the try's context, which
 * registers the connection's secrets with the try's masker; called on the rendering thread.
 */
@FunctionalInterface
public interface ConnectionSource {

  Optional<Connection> get(String connId);

  /** A source with no connections. */
  static ConnectionSource none() {
    return connId -> Optional.empty();
  }
}
