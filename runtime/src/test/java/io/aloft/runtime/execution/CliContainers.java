package io.aloft.runtime.execution;

import static org.junit.jupiter.api.Assertions.fail;

import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.ResumableOperator;
import io.aloft.sdk.TaskContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real containers on the local engine, through the {@code docker} command, for runtime tests that cannot load the
 * Docker plugin: a stand-in operator whose {@code onKill} removes the container the try recorded, as the plugin's does.
 * Tests skip without Docker and aloft/busybox, unless {@code ALOFT_REQUIRE_DOCKER=1} (CI) makes that a failure.
 */
public final class CliContainers {

  private static final String IMAGE = "aloft/busybox:latest";

  private CliContainers() {}

  /** Skips (or, under ALOFT_REQUIRE_DOCKER=1, fails) the test when the engine or the image is missing. */
  public static void require() {
    boolean there;
    try {
      there = docker("image", "inspect", IMAGE).exit() == 0;
    } catch (RuntimeException e) {
      there = false;
    }
    if (!there && "1".equals(System.getenv("ALOFT_REQUIRE_DOCKER"))) {
      fail("needs a Docker engine and " + IMAGE + " (scripts/build-images.sh) (ALOFT_REQUIRE_DOCKER=1)");
    }
    Assumptions.assumeTrue(there, "needs a Docker engine and " + IMAGE + " (scripts/build-images.sh)");
  }

  /** Starts a container that runs until stopped (it ends within a second of SIGTERM); returns its id. */
  public static String startRunning(String testLabel) {
    Ran r = docker("run", "-d", "--label", "io.aloft.test=" + testLabel, IMAGE, "sh", "-c",
        "trap 'exit 143' TERM; while true; do sleep 1; done");
    if (r.exit() != 0) {
      throw new IllegalStateException("docker run failed: " + r.output());
    }
    return r.output().strip();
  }

  public static boolean exists(String id) {
    return docker("inspect", "--type", "container", id).exit() == 0;
  }

  /** Waits (20 s at most, the engine may be slow on a loaded machine) until the container is gone. */
  public static boolean awaitGone(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (exists(id)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(200);
    }
    return true;
  }

  public static void removeQuietly(String id) {
    docker("rm", "-f", id);
  }

  /**
   * An operator named {@code name} that starts nothing itself (the test starts the container and records it) and
   * whose {@code onKill} removes what the try recorded.
   */
  public static OperatorDescriptor standIn(String name, boolean resumable) {
    return OperatorDescriptor.builder(name).factory(args -> resumable ? new Resumable() : new Plain()).build();
  }

  private static void removeRecorded(TaskContext ctx) {
    String id = ctx.recordedWork().orElseThrow(() -> new IllegalStateException("onKill got no recorded work"));
    if (!exists(id)) { // `docker rm -f` of an unknown id succeeds: fail as an engine that refuses would
      throw new IllegalStateException("no container " + id);
    }
    Ran r = docker("rm", "-f", id);
    if (r.exit() != 0) {
      throw new IllegalStateException("docker rm failed: " + r.output());
    }
    ctx.log().info("removed container " + id);
  }

  /** Starts nothing, removes what its try recorded when killed; the Resumable one only adds the marker. */
  private static class Plain implements io.aloft.sdk.Operator {
    @Override
    public Object execute(TaskContext context) {
      return null;
    }

    @Override
    public void onKill(TaskContext context) {
      removeRecorded(context);
    }
  }

  private static final class Resumable extends Plain implements ResumableOperator {}

  private record Ran(int exit, String output) {}

  private static Ran docker(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Ran(-1, out);
      }
      return new Ran(p.exitValue(), out);
    } catch (IOException e) {
      return new Ran(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Ran(-1, e.toString());
    }
  }
}
