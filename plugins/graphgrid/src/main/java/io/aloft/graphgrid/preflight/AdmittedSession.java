package io.aloft.graphgrid.preflight;

import java.util.Objects;
import java.util.Optional;

/**
 * A GPU training session already admitted by the preflight (its {@code train_model_gpu} task is running or
 * about to). Until its process shows on the GPU with the memory it declared, the preflight keeps the
 * difference reserved, so a session that is still starting is never double-booked.
 *
 * @param id the session, e.g. the run id
 * @param estimateMiB the memory it declared
 * @param container its container id (or simulated session), when it has one yet
 */
public record AdmittedSession(String id, long estimateMiB, Optional<String> container) {

  public AdmittedSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(container, "container");
  }
}
