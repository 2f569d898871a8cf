package io.aloft.graphgrid.nlp;

import io.aloft.graphgrid.dataset.SampleDataset;
import io.aloft.graphgrid.docker.Homes;
import io.aloft.graphgrid.preflight.GpuPools;
import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * {@code check_request_body}: checks the run's conf ({@link RequestBodies}) against the dataset store and returns the
 * checked request for the later tasks. An empty store gets the shipped sample first, and the GPU pools are created
 * when missing. A bad request fails the task without retry, with every problem in the message.
 */
public final class CheckRequestBodyOperator implements Operator {

  @Override
  public Object execute(TaskContext ctx) throws Exception {
    Path store = Homes.datasets(ctx.settings());
    installSampleWhenEmpty(store, ctx);
    // The GPU subgraph's tasks run in these pools, so they must exist before any of them is scheduled; the SPI has
    // no plugin-start hook with pools, so the run's first task creates them when missing.
    GpuPools.ensure(ctx.pools());
    try {
      RequestBody request = RequestBodies.check(ctx.conf(), store);
      ctx.log().info("request: train " + request.model() + " on " + request.datasets().keySet() + " ("
          + (request.gpu() ? "GPU requested" : "CPU") + "), dataset store " + store);
      return request.toXCom();
    } catch (IllegalArgumentException e) {
      throw new TaskFailException(e.getMessage());
    }
  }

  /** Runs checking one after another: a second check must not see the store half-installed by the first. */
  private static final Object SAMPLE_INSTALL = new Object();

  static void installSampleWhenEmpty(Path store, TaskContext ctx) throws java.io.IOException {
    synchronized (SAMPLE_INSTALL) {
      installIfEmpty(store, ctx);
    }
  }

  private static void installIfEmpty(Path store, TaskContext ctx) throws java.io.IOException {
    boolean empty;
    if (!Files.isDirectory(store)) {
      empty = true;
    } else {
      try (Stream<Path> files = Files.list(store)) {
        empty = files.findAny().isEmpty();
      }
    }
    if (empty) {
      SampleDataset.install(store);
      ctx.log().info("the dataset store " + store + " was empty: installed the shipped sample (" + SampleDataset.TRAIN
          + ", " + SampleDataset.EVAL + ")");
    }
  }
}
