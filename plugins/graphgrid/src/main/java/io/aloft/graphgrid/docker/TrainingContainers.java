package io.aloft.graphgrid.docker;

import java.util.Optional;

/**
 * Finds the container of one task of one run by the labels the Docker operator puts on every container, and reads
 * its health. The sensor and the preflight use it; tests pass a map-backed one. Thread-safe.
 */
public interface TrainingContainers {

  /** A container and its Docker health status ({@code healthy}, {@code starting}, {@code unhealthy}, or none). */
  record Found(String id, String state, Optional<String> health) {
    public boolean healthy() {
      return health.filter("healthy"::equals).isPresent();
    }
  }

  /** The newest container of this task of this run (of try {@code tryNumber} when it is positive). */
  Optional<Found> find(String dagId, String runId, String taskId, int tryNumber);
}
