package io.aloft.plugins.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up the Docker plugin's engine ITs share, registered per test instance with {@code @RegisterExtension}:
 * before each test it checks the local engine ({@link LocalDocker#require}, or {@link LocalSwarm#require} for
 * Swarm services: a skip locally, a failure under {@code ALOFT_REQUIRE_DOCKER=1}); after each, it removes every
 * container or service labelled with the test's DAG, whatever the test left. Tries are made with
 * {@link #newTry}. One test at a time (JUnit's default), not thread-safe.
 */
final class EngineTries implements BeforeEachCallback, AfterEachCallback {

  private final String dag;
  private final boolean swarm;
  private DockerClient docker;

  private EngineTries(String dag, boolean swarm) {
    this.dag = dag;
    this.swarm = swarm;
  }

  /** Tests of containers on the local engine, labelled with {@code dag}. */
  static EngineTries containers(String dag) {
    return new EngineTries(dag, false);
  }

  /** Tests of Swarm services on the local engine as a single-node swarm, labelled with {@code dag}. */
  static EngineTries services(String dag) {
    return new EngineTries(dag, true);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    docker = swarm ? LocalSwarm.require() : LocalDocker.require();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (docker == null) {
      return; // skipped: the engine was not there
    }
    Map<String, String> ofDag = Map.of(DockerTaskRunner.DAG_LABEL, dag);
    if (swarm) {
      LocalSwarm.removeAll(docker, ofDag);
    } else {
      LocalDocker.removeAll(docker, ofDag);
    }
  }

  /** The local engine's client, checked before the test. */
  DockerClient docker() {
    return docker;
  }

  /** Try 1 of task {@code task} in a new run of the DAG. */
  FakeTaskContext newTry() {
    return new FakeTaskContext(new TaskIdentity(dag, "run_" + UUID.randomUUID(), "task", -1, 1));
  }

  /** The containers of {@code ctx}'s try, stopped ones included. */
  List<Container> containersOf(TaskContext ctx) {
    return LocalDocker.containers(docker, DockerTaskRunner.tryLabels(ctx.identity()));
  }

  /** Task arguments: the busybox image and {@code kv} as name, value pairs. */
  static Map<String, Object> args(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    m.put("image", LocalDocker.BUSYBOX);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** The container's or service's id that the try recorded. */
  static String recordedId(TaskContext ctx) {
    return WorkRecord.parse(ctx.recordedWork().orElseThrow()).id();
  }

  /** Waits up to 60 s for {@code condition} (a loaded machine is slow), else fails naming {@code what}. */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
