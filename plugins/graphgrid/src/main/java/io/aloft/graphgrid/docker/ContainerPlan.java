package io.aloft.graphgrid.docker;

import io.aloft.plugins.docker.ContainerSpec;
import java.util.List;
import java.util.OptionalLong;

/**
 * What {@link GraphGridContainers} decided for one try: the container to run, the simulated GPU memory to hold
 * while it runs (simulated mode only) and the lines to log about it.
 */
public record ContainerPlan(ContainerSpec spec, OptionalLong simulatedGpuMiB, List<String> notes) {

  public ContainerPlan {
    notes = List.copyOf(notes);
  }
}
