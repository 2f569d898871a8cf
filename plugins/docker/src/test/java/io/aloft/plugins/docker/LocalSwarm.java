package io.aloft.plugins.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.SwarmSpec;
import java.util.List;
import java.util.Map;

/**
 * The local engine as a single-node Docker Swarm manager, for DockerSwarmOperator tests: {@link #require} makes
 * it one ({@code docker swarm init}) when it is not part of a swarm yet, and leaves the swarm in place for
 * the next tests (a swarm costs nothing while no service runs). Like {@link LocalDocker}, it skips when the
 * engine cannot be a manager, unless {@code ALOFT_REQUIRE_DOCKER=1}.
 */
final class LocalSwarm {

  private LocalSwarm() {}

  static synchronized DockerClient require() {
    DockerClient docker = LocalDocker.require();
    String problem = null;
    try {
      SwarmInfo swarm = docker.infoCmd().exec().getSwarm();
      if (swarm == null || swarm.getLocalNodeState() != LocalNodeState.ACTIVE) {
        try {
          // 127.0.0.1: a single node needs no address the outside reaches, and an engine with several
          // interfaces refuses to choose one by itself.
          docker.initializeSwarmCmd(new SwarmSpec()).withAdvertiseAddr("127.0.0.1").withListenAddr("127.0.0.1:2377").exec();
        } catch (DockerException e) {
          // Another test process initialised it meanwhile: fine when it is a swarm now.
          swarm = docker.infoCmd().exec().getSwarm();
          if (swarm == null || swarm.getLocalNodeState() != LocalNodeState.ACTIVE) {
            throw e;
          }
        }
      } else if (!Boolean.TRUE.equals(swarm.getControlAvailable())) {
        problem = "the local Docker engine is a swarm worker, not a manager: services cannot be created on it";
      }
    } catch (RuntimeException e) {
      problem = "cannot make the local Docker engine a swarm manager (docker swarm init): " + e.getMessage();
    }
    if (problem != null) {
      LocalDocker.skipOrFail(problem);
    }
    return docker;
  }

  static List<Service> services(DockerClient docker, Map<String, String> labels) {
    return docker.listServicesCmd().withLabelFilter(labels).exec();
  }

  static void removeAll(DockerClient docker, Map<String, String> labels) {
    for (Service s : services(docker, labels)) {
      try {
        docker.removeServiceCmd(s.getId()).exec();
      } catch (RuntimeException gone) {
        // Removed meanwhile.
      }
    }
  }
}
