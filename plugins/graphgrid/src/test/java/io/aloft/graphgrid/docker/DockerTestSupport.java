package io.aloft.graphgrid.docker;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.SwarmInfo;
import io.aloft.plugins.docker.DockerClients;
import io.aloft.plugins.docker.DockerEndpoint;

/**
 * The local Docker engine for this plugin's integration tests: they skip when it is unreachable or an image is
 * missing, unless {@code ALOFT_REQUIRE_DOCKER=1}, which turns the skip into a failure.
 */
public final class DockerTestSupport {

  public static final String BUSYBOX = "aloft/busybox:latest";
  public static final String TRAINER = "aloft/nlp-trainer:latest";

  private DockerTestSupport() {}

  /** The client, once the engine answers and {@code images} exist. */
  public static DockerClient require(String... images) {
    boolean required = "1".equals(System.getenv("ALOFT_REQUIRE_DOCKER"));
    DockerClient docker = DockerClients.get(DockerEndpoint.of(DockerEndpoint.DEFAULT_URL));
    String problem = null;
    try {
      docker.pingCmd().exec();
      for (String image : images) {
        docker.inspectImageCmd(image).exec();
      }
    } catch (NotFoundException e) {
      problem = "an image is missing (" + e.getMessage() + "): run scripts/build-images.sh and"
          + " plugins/graphgrid/trainer/build-image.sh";
    } catch (RuntimeException e) {
      problem = "Docker is not reachable: start dockerd (" + e.getMessage() + ")";
    }
    if (problem != null) {
      if (required) {
        fail(problem + " (ALOFT_REQUIRE_DOCKER=1)");
      }
      assumeTrue(false, problem);
    }
    return docker;
  }

  /** The client, once the engine answers, {@code images} exist and the engine is an active swarm manager. */
  public static DockerClient requireSwarmManager(String... images) {
    DockerClient docker = require(images);
    SwarmInfo swarm = docker.infoCmd().exec().getSwarm();
    if (swarm == null || swarm.getLocalNodeState() != LocalNodeState.ACTIVE
        || !Boolean.TRUE.equals(swarm.getControlAvailable())) {
      String problem = "the local Docker engine is not a swarm manager: run docker swarm init";
      if ("1".equals(System.getenv("ALOFT_REQUIRE_DOCKER"))) {
        fail(problem + " (ALOFT_REQUIRE_DOCKER=1)");
      }
      assumeTrue(false, problem);
    }
    return docker;
  }
}
