package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Map;

/**
 * The local Docker engine for integration tests. Tests skip when it is unreachable or the test images are
 * missing, unless {@code ALOFT_REQUIRE_DOCKER=1} (CI), which turns the skip into a failure.
 */
final class LocalDocker {

  static final String BUSYBOX = "aloft/busybox:latest";
  static final DockerEndpoint ENDPOINT = DockerEndpoint.of(DockerEndpoint.DEFAULT_URL);

  private LocalDocker() {}

  /** The client, after checking that the engine answers and the test image exists. */
  static DockerClient require() {
    DockerClient docker = DockerClients.get(ENDPOINT);
    String problem = null;
    try {
      docker.pingCmd().exec();
      docker.inspectImageCmd(BUSYBOX).exec();
    } catch (NotFoundException e) {
      problem = "image " + BUSYBOX + " is missing: run scripts/build-images.sh";
    } catch (RuntimeException e) {
      problem = "Docker is not reachable at " + ENDPOINT.url() + ": start dockerd (" + e.getMessage() + ")";
    }
    if (problem != null) {
      skipOrFail(problem);
    }
    return docker;
  }

  /** Skips the test for {@code problem}, or fails it under {@code ALOFT_REQUIRE_DOCKER=1} (CI). */
  static void skipOrFail(String problem) {
    if ("1".equals(System.getenv("ALOFT_REQUIRE_DOCKER"))) {
      fail(problem + " (ALOFT_REQUIRE_DOCKER=1)");
    }
    assumeTrue(false, problem);
  }

  static List<Container> containers(DockerClient docker, Map<String, String> labels) {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
  }

  static void removeAll(DockerClient docker, Map<String, String> labels) {
    for (Container c : containers(docker, labels)) {
      try {
        docker.removeContainerCmd(c.getId()).withForce(true).exec();
      } catch (NotFoundException gone) {
        // fine
      } catch (ConflictException beingRemoved) {
        // the engine is removing it (AutoRemove)
      }
    }
  }

  /** Waits up to 10 s for every container with these labels to be gone (the engine removes asynchronously). */
  static List<Container> awaitGone(DockerClient docker, Map<String, String> labels) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    List<Container> left = containers(docker, labels);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      left = containers(docker, labels);
    }
    return left;
  }
}
