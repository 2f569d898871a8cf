package io.aloft.graphgrid.preflight;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A GPU training session already admitted by the preflight (its {@code train_model_gpu} task is running or
 * about to). Until its process shows on the GPU with the memory it declared, the preflight keeps the
 * difference reserved, so a session that is still starting is never double-booked.
 *
 * @param id the session, e.g. the run id
 * @param estimateMiB the memory it declared
 * @param container its container id (or simulated session), when it has one yet
 * @param device the device it was placed on, when known: its reservation is held there
 */
public record AdmittedSession(String id, long estimateMiB, Optional<String> container, OptionalInt device) {

  public AdmittedSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(device, "device");
  }

  /** A session whose device is not known (it goes where its process shows, else on the roomiest device). */
  public AdmittedSession(String id, long estimateMiB, Optional<String> container) {
    this(id, estimateMiB, container, OptionalInt.empty());
  }
}
