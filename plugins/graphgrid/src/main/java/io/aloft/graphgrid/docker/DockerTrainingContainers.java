package io.aloft.graphgrid.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.aloft.plugins.docker.DockerTaskRunner;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link TrainingContainers} over a Docker engine: a label-filtered list, then an inspect for the health. */
public final class DockerTrainingContainers implements TrainingContainers {

  private final DockerClient docker;

  public DockerTrainingContainers(DockerClient docker) {
    this.docker = docker;
  }

  @Override
  public Optional<Found> find(String dagId, String runId, String taskId, int tryNumber) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(DockerTaskRunner.DAG_LABEL, dagId);
    labels.put(DockerTaskRunner.RUN_LABEL, runId);
    labels.put(DockerTaskRunner.TASK_LABEL, taskId);
    if (tryNumber > 0) {
      labels.put(DockerTaskRunner.TRY_LABEL, Integer.toString(tryNumber));
    }
    Optional<Container> newest = docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec().stream()
        .max(Comparator.comparing(Container::getCreated));
    if (newest.isEmpty()) {
      return Optional.empty();
    }
    try {
      InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(newest.get().getId()).exec().getState();
      Optional<String> health = Optional.ofNullable(state.getHealth()).map(h -> h.getStatus());
      return Optional.of(new Found(newest.get().getId(), String.valueOf(state.getStatus()), health));
    } catch (NotFoundException gone) {
      return Optional.empty();
    }
  }
}
