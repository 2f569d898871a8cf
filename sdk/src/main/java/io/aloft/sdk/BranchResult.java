package io.aloft.sdk;

import java.util.List;
import java.util.Objects;

/**
 * What a branching Java operator returns from {@link Operator#execute}: the direct downstream task ids to
 * follow; the runtime skips the other direct downstreams, as Airflow's {@code BranchPythonOperator} does. The
 * follow list is also the try's XCom value.
 *
 * <pre>{@code
 * Operator branch = ctx -> BranchResult.follow(gpuWanted ? "gpu_training_sensor" : "train_model_cpu");
 * }</pre>
 */
public record BranchResult(List<String> follow) {

  public BranchResult {
    follow = List.copyOf(Objects.requireNonNull(follow, "follow"));
  }

  public static BranchResult follow(String... taskIds) {
    return new BranchResult(List.of(taskIds));
  }
}
